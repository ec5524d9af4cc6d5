"""The wheel installs and serves: templates, static files, compiled catalogues and migrations are inside the
package (pyproject.toml [tool.setuptools.package-data]). The wheel is built from a copy of the source,
installed with `pip install --target`, and run in a fresh interpreter that sees the installed copy and not
the checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable  # the project's virtualenv (/work/main/.venv/bin/python under `make test`)

SERVE = """
from portal import create_app

app = create_app()
client = app.test_client()
home = client.get("/")
print("home", home.status_code, "KPU Kabupaten Kebumen" in home.get_data(as_text=True))
css = client.get("/static/css/portal.css")
print("static", css.status_code, len(css.data) > 0)
english = client.get("/?lang=en").get_data(as_text=True)
print("english", '<html lang="en">' in english, "Action Plan" in english)
"""


def _source_copy(target: Path) -> Path:
    """The package and pyproject.toml, without caches; the English catalogue compiled if `make
    compile-translations` has not run (the build ships what is there)."""
    src = target / "src"
    shutil.copytree(REPO / "portal", src / "portal", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(REPO / "pyproject.toml", src / "pyproject.toml")
    for po in (src / "portal" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as fh:
                catalog = read_po(fh)
            with mo.open("wb") as fh:
                write_mo(fh, catalog)
    return src


def _run(args: list[str], cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, the folder it is installed into): built once per test session."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = _source_copy(tmp)
    # No build isolation: setuptools comes from the virtualenv, so the build needs no network.
    _run([PYTHON, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", ".",
          "-w", str(tmp / "dist")], cwd=src)
    [wheel] = (tmp / "dist").glob("portal_zi-*.whl")
    _run([PYTHON, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp / "site"), str(wheel)],
         cwd=tmp)
    return wheel, tmp / "site"


def test_the_wheel_installs_initialises_and_serves(installed, db_backend):
    if db_backend != "sqlite":
        pytest.skip("the installed copy runs on its own SQLite file; once per `make test` is enough")
    wheel, site = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("portal/templates/base.html", "portal/dumas/templates/dumas/form.html",
                     "portal/static/css/portal.css", "portal/translations/en/LC_MESSAGES/messages.mo",
                     "portal/migrations/alembic.ini", "portal/migrations/env.py",
                     "portal/migrations/versions/0001_core_users_audit_log_settings.py",
                     "portal/data/rencana_aksi_2026.json"):
        assert expected in names, expected

    run_in = site.parent
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(site),
           "PORTAL_INSTANCE_PATH": str(run_in / "instance"), "HOME": str(run_in)}
    where = _run([PYTHON, "-c", "import portal; print(portal.__file__)"], cwd=run_in, env=env).strip()
    assert Path(where).is_relative_to(site), where  # the installed copy, not the checkout

    out = _run([PYTHON, "-m", "flask", "--app", "portal", "init"], cwd=run_in, env=env)
    assert "Database siap." in out
    assert (run_in / "instance" / "portal.db").is_file()

    lines = _run([PYTHON, "-c", SERVE], cwd=run_in, env=env).splitlines()
    assert "home 200 True" in lines
    assert "static 200 True" in lines
    assert "english True True" in lines
