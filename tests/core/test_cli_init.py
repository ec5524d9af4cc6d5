"""`flask --app portal init` explains a model that has no migration instead of failing with a traceback."""
import flask_migrate

from portal import create_app
from portal.extensions import db
from tests.conftest import make_test_config


def test_init_names_tables_without_migration(tmp_path, monkeypatch):
    empty = f"sqlite:///{tmp_path / 'kosong.db'}"
    app = create_app(make_test_config(tmp_path, None, SQLALCHEMY_DATABASE_URI=empty))
    # as if no migration created any table
    monkeypatch.setattr(flask_migrate, "upgrade", lambda *a, **k: None)
    try:
        result = app.test_cli_runner().invoke(args=["init"])
    finally:
        with app.app_context():
            db.engine.dispose()
    assert result.exit_code == 1
    assert "tabel tanpa migrasi Alembic" in result.output and "users" in result.output
    assert "Traceback" not in result.output
