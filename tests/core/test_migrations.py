"""The Alembic migrations build exactly the schema the models describe, on the selected backend."""
import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.config import normalise_database_url
from portal.extensions import db
from tests.conftest import DEFAULT_PG_ADMIN_URL, make_test_config


def test_migrations_match_models(tmp_path, db_backend):
    if db_backend == "postgres":
        # as conftest
        admin_url = normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_ADMIN_URL))
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"portal_mig_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin_url.rsplit("/", 1)[0] + "/" + name
    else:
        admin, url = None, f"sqlite:///{tmp_path / 'migrated.db'}"
    try:
        app = create_app(make_test_config(tmp_path, url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            db.engine.dispose()
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
