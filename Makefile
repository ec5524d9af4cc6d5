# Two commands for a newcomer:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal

.PHONY: run test test-sqlite test-postgres install install-test chromium translations

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ diperlukan"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -q -d portal/translations || true

# Set up, initialise SQLite in instance/, load default and demo content, start on http://127.0.0.1:5000
run: install translations
	$(FLASK) init
	$(FLASK) demo-data
	@echo ""
	@echo "Portal berjalan di http://127.0.0.1:5000   (admin: http://127.0.0.1:5000/admin/login)"
	@echo "Akun demo: admin@demo.example, dumas@demo.example, wbs@demo.example, editor@demo.example, pimpinan@demo.example"
	@echo "Kata sandi: demo-portal-2026"
	$(FLASK) run --host 127.0.0.1 --port 5000

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Memasang Chromium untuk uji end-to-end..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The whole suite, on SQLite and on PostgreSQL (DATABASE server from TEST_DATABASE_URL, default 127.0.0.1:5432/test)
test: install-test translations chromium
	$(PY) -m pytest --db sqlite
	$(PY) -m pytest --db postgres

test-sqlite: install-test translations
	$(PY) -m pytest --db sqlite

test-postgres: install-test translations
	$(PY) -m pytest --db postgres
