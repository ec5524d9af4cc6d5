# Two commands for a newcomer:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal
PYBABEL := $(VENV)/bin/pybabel
I18N := portal/translations
# Every language other than the default (Indonesian, the language of the source strings).
LOCALES := en
MO_FILES := $(foreach l,$(LOCALES),$(I18N)/$(l)/LC_MESSAGES/messages.mo)
PO_FILES := $(foreach l,$(LOCALES),$(I18N)/$(l)/LC_MESSAGES/messages.po)
HOST ?= 127.0.0.1
# Tests run in parallel on every core (pytest-xdist); PYTEST_JOBS= runs them in one process.
PYTEST_JOBS ?= -n auto
PORT ?= 5000

.PHONY: run test security test-sqlite test-postgres test-e2e install install-test chromium translations compile-translations assets

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ diperlukan (ditemukan " + sys.version.split()[0] + ")"'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Modul venv/ensurepip tidak ada: pasang paket python3-venv (Debian/Ubuntu: apt-get install python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools  # the setuptools bundled with Python 3.11 has known CVEs

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Developer command: collect every _()/_l()/DomainError("...") string, merge into each language's .po, compile.
# Translate the new empty msgstr entries in portal/translations/<lang>/LC_MESSAGES/messages.po, then run it again.
translations: $(VENV)/.installed
	$(PYBABEL) -q extract -F babel.cfg -k _l -k lazy_gettext -k DomainError -k required:2 -k max_length:3 --no-location --sort-output \
	  --project "Portal Zona Integritas" --msgid-bugs-address "" -o $(I18N)/messages.pot .
	@for lang in $(LOCALES); do \
	  $(PYBABEL) -q update -i $(I18N)/messages.pot -d $(I18N) -l $$lang --init-missing \
	    --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date || exit 1; \
	done
	$(PYBABEL) compile --statistics -d $(I18N)

# Compiled catalogues (.mo, git-ignored) from the committed .po files; what `run` and `test` need.
compile-translations: $(MO_FILES)

$(I18N)/%/LC_MESSAGES/messages.mo: $(I18N)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(PYBABEL) -q compile -d $(I18N) -l $* -i $< -o $@

# Static files fingerprinted and precompressed (br, gzip) into build/assets (git-ignored), served by WhiteNoise
# with `immutable` caching (portal/core/assets.py). Rebuilt when a file of portal/static changes; without it
# the portal still works, with plain revalidated static URLs.
ASSETS_MANIFEST := build/assets/manifest.json
STATIC_FILES := $(shell find portal/static -type f -not -name '.*')

assets: $(ASSETS_MANIFEST)

$(ASSETS_MANIFEST): $(STATIC_FILES) portal/core/assets.py | $(VENV)/.installed
	$(FLASK) assets --out build/assets

# Set up, initialise SQLite in instance/, load default and demo content, start on http://127.0.0.1:5000
run: install compile-translations assets
	$(FLASK) init
	$(FLASK) demo-data
	@echo ""
	@echo "Portal berjalan di http://$(HOST):$(PORT)   (petugas: http://$(HOST):$(PORT)/admin/login)"
	@echo "Akun demo: admin@demo.example, dumas@demo.example, wbs@demo.example, editor@demo.example, pimpinan@demo.example, ppid@demo.example, atasan.ppid@demo.example, upg@demo.example, pegawai@demo.example, risiko@demo.example"
	@echo "Kata sandi semua akun demo: demo-portal-2026"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

# Chromium for the end-to-end tests (Debian package; Playwright uses /usr/bin/chromium, never downloads a browser).
chromium:
	@[ -x /usr/bin/chromium ] || { \
	  echo "Memasang Chromium untuk uji end-to-end..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The whole suite on SQLite (with the browser tests), then on PostgreSQL (server from TEST_DATABASE_URL,
# default postgresql://postgres@127.0.0.1:5432/test; the e2e tests skip there, see README).
# Both runs always happen; the target fails if either failed.
test: install-test compile-translations assets chromium
	@status=0; \
	echo "== ruff"; $(VENV)/bin/ruff check portal tests benchmarks scripts || status=1; \
	echo "== security (bandit, pip-audit)"; $(MAKE) --no-print-directory security || status=1; \
	echo "== pytest --db sqlite"; $(PY) -m pytest $(PYTEST_JOBS) --db sqlite || status=1; \
	echo "== pytest --db postgres"; $(PY) -m pytest $(PYTEST_JOBS) --db postgres || status=1; \
	exit $$status

# Static security checks (also run by `make test`, before the suites): bandit on portal/ fails on any medium or
# high finding (an accepted one carries `# nosec BXXX` with its reason on the line above; low ones are listed
# only), and scripts/audit_deps.py runs pip-audit on the installed environment (fails on a known vulnerability,
# on a package it could not audit, or when PyPI cannot be reached, each with a clear message).
security: install-test
	$(PY) -m bandit -c pyproject.toml -r portal --severity-level medium --quiet && echo "security: bandit: no medium or high finding"
	$(PY) scripts/audit_deps.py

test-sqlite: install-test compile-translations assets
	$(PY) -m pytest --db sqlite

test-postgres: install-test compile-translations assets
	$(PY) -m pytest --db postgres

test-e2e: install-test compile-translations assets chromium
	$(PY) -m pytest --db sqlite -m e2e tests/e2e
