"""Test fixtures: a fresh database per test, on SQLite (default) or PostgreSQL (`--db postgres`).

PostgreSQL: each test session creates its own database (`portal_test_<random>`) next to the server's
`test` database and drops it at the end, so parallel runs never share rows.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import ImageFile
from sqlalchemy import create_engine, text

from portal import create_app
from portal.accounts import service as accounts
from portal.config import normalise_database_url
from portal.extensions import db

accounts.use_cheap_hashing_for_tests()


def _memoise_url_builders() -> None:
    """Every test builds its own app, and Werkzeug compiles a URL builder (Python source, `ast` and
    `compile`) for each of the ~200 rules of every new app: 80 % of `create_app`'s time. A builder's code
    depends only on the rule's text, its parsed trace, its defaults and its converter types (the generated
    function reads the rule's converters through its `self` argument), so the tests reuse one compiled
    builder per such key. Production builds the app once and is not patched."""
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    compiled: dict = {}

    def compile_builder(self, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), append_unknown,
               tuple(sorted((name, repr(value)) for name, value in (self.defaults or {}).items())),
               tuple(sorted((name, type(conv)) for name, conv in self._converters.items())))
        builder = compiled.get(key)
        if builder is None:
            builder = compiled[key] = original(self, append_unknown)
        return builder

    Rule._compile_builder = compile_builder


_memoise_url_builders()

DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "rahasia-uji-123"


def pytest_addoption(parser):
    parser.addoption("--db", default=os.environ.get("TEST_DB", "sqlite"), choices=["sqlite", "postgres"],
                     help="database backend for the suite (default sqlite)")


@pytest.fixture(scope="session")
def db_backend(pytestconfig) -> str:
    return pytestconfig.getoption("--db")


@pytest.fixture(scope="session")
def postgres_url(db_backend) -> Iterator[str | None]:
    if db_backend != "postgres":
        yield None
        return
    admin_url = normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_ADMIN_URL))
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    # Build the schema once; each test then truncates.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_test_config(tmp_path, postgres_url: str | None, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": postgres_url or f"sqlite:///{tmp_path / 'test.db'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "",
    }
    config.update(overrides)
    return config


def _empty_postgres_tables() -> None:
    """Empty every table and restart every sequence. TRUNCATE costs ~15 ms per table however empty it is, so
    only the tables holding rows are truncated (a test touches a few of the ~40)."""
    names = [t.name for t in db.metadata.sorted_tables]
    probe = " UNION ALL ".join(f"(SELECT '{n}' FROM \"{n}\" LIMIT 1)" for n in names)
    with db.engine.begin() as conn:
        used = conn.execute(text(probe)).scalars().all()
        if used:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in used) + " RESTART IDENTITY CASCADE"))
        conn.execute(text(
            "SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'S' AND n.nspname = current_schema()"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, db_backend) -> Path | None:
    """SQLite: the empty schema built once; each test starts from a copy (create_all per test costs
    ~0.5 s)."""
    if db_backend != "sqlite":
        return None
    base = tmp_path_factory.mktemp("schema")
    app = create_app(make_test_config(base, None))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return base / "test.db"


@pytest.fixture
def app_factory(tmp_path, postgres_url, sqlite_template):
    """Build an app with extra settings: `app_factory(WTF_CSRF_ENABLED=True)`. Schema ready, tables empty."""
    made = []

    def factory(**overrides):
        target = tmp_path / "test.db"
        if sqlite_template and "SQLALCHEMY_DATABASE_URI" not in overrides and not target.exists():
            shutil.copyfile(sqlite_template, target)
        app = create_app(make_test_config(tmp_path, postgres_url, **overrides))
        with app.app_context():
            if postgres_url:
                _empty_postgres_tables()
            else:
                db.create_all()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a staff account: `make_user("dumas")` -> User (password `PASSWORD`)."""

    def factory(*roles: str, email: str | None = None, password: str = PASSWORD, name: str = ""):
        with app.app_context():
            user = accounts.create_user(
                db.session, email or f"{'-'.join(roles)}-{uuid.uuid4().hex[:6]}@uji.example", password,
                list(roles), name=name or "Petugas " + " ".join(roles),
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return factory


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        """The password step only. For `wbs`/`admin` users (TOTP) follow with `second_factor(email)`."""
        return self.client.post("/admin/login", data={"email": email, "password": password})

    def second_factor(self, email: str):
        """Pass the TOTP step: enrol a secret directly in the database if the user has none, then post a
        code for a time step not used yet (each step is accepted once)."""
        import time

        import pyotp

        app = self.client.application
        with app.app_context():
            user = accounts.find_by_email(db.session, email)
            if not user.totp_secret:
                user.totp_secret = pyotp.random_base32()
                db.session.commit()
            secret, last = user.totp_secret, user.totp_last_step
        now_step = int(time.time()) // 30
        step = max(now_step, (last if last is not None else -1) + 1)
        if step > now_step + 1:  # both steps around now were used: wait for the next one
            time.sleep((step - 1) * 30 - time.time() + 0.05)
        data = {"code": pyotp.TOTP(secret).at(step * 30)}
        if app.config.get("WTF_CSRF_ENABLED"):
            import re

            html = self.client.get("/admin/verifikasi").get_data(as_text=True)
            data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        return self.client.post("/admin/verifikasi", data=data)

    def logout(self):
        return self.client.post("/admin/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_as(client, make_user, auth):
    """Log the test client in as a new user with `roles`; returns the user."""

    def do(*roles: str):
        user = make_user(*roles)
        response = auth.login(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        if "/admin/verifikasi" in response.headers["Location"]:  # wbs/admin: TOTP second step
            response = auth.second_factor(user.email)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do


# Fuzz inputs tried (tests/core/test_fuzz.py). Each test's count travels on its report (user_properties), so
# the total is right also when pytest-xdist runs the tests in worker processes.
_FUZZ_TOTALS: Counter[str] = Counter()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        import sys

        helpers = sys.modules.get("tests.security_helpers")
        tried = getattr(helpers, "FUZZ_INPUTS", None)
        if tried:
            report.user_properties.append(("fuzz_inputs", dict(tried)))
            tried.clear()
    return report


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "fuzz_inputs":
            _FUZZ_TOTALS.update(value)


def pytest_terminal_summary(terminalreporter):
    """The number of fuzz inputs tried, shown without -s."""
    if not _FUZZ_TOTALS:
        return
    terminalreporter.write_sep("-", f"fuzz: {sum(_FUZZ_TOTALS.values())} inputs tried")
    for name, count in sorted(_FUZZ_TOTALS.items()):
        terminalreporter.write_line(f"  {count:6d}  {name}")


@pytest.fixture
def decodes(monkeypatch):
    """How many images Pillow actually decoded."""
    calls = []
    real = ImageFile.ImageFile.load

    def counting(self):
        calls.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return calls
