"""Shared helpers for the benchmark scripts: a temporary PostgreSQL database with the portal's default and
demo content (or only its schema, for the bulk loads), gunicorn started in its own process group (and
stopped by that group id), worker memory, timing of queries.

Every server listens on 127.0.0.1 only; every run drops its database and temporary folder at the end.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEMO_PASSWORD = "demo-portal-2026"


def admin_url(cli_value: str = "") -> str:
    from portal.config import normalise_database_url

    return normalise_database_url(cli_value or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: a 302 comes back as an HTTPError whose code and Location are read."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes, str]],
              boundary_prefix: str = "----bench") -> tuple[bytes, str]:
    """A multipart/form-data body of `fields` and `files` (name, filename, data, content type) and its
    Content-Type header."""
    boundary = boundary_prefix + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    for name, filename, data, ctype in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                     f"\r\nContent-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(admin: str, prefix: str = "portal_bench") -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, admin.rsplit("/", 1)[0] + "/" + name


def drop_database(admin: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def app_config(url: str, workdir: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "INSTANCE_PATH": str(workdir / "instance"), "UPLOAD_FOLDER": str(workdir / "uploads"),
            "MAIL_SERVER": ""}


def build_demo_database(url: str, workdir: Path) -> dict[str, int]:
    """Schema from the models, the default content of `flask init` and the demo data of `flask demo-data`
    (with a published DUMAS recap, so /rekap shows one). Returns a few row counts."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.action_plan.models import ActionPlanItem
    from portal.core import defaults, demo
    from portal.dumas.models import Complaint
    from portal.extensions import db
    from portal.recap.models import RecapSnapshot
    from portal.survey.models import SurveyResponse
    from portal.wbs.models import WbsReport

    config = app_config(url, workdir)
    app = create_app(config)
    with app.app_context():
        db.create_all()  # = `flask init` minus Alembic (the migrations trail the models in development)
        for _line in defaults.load_all(db.session):
            pass
        db.session.commit()
        try:  # the DUMAS demo sampler (published recaps) registers itself when imported
            import portal.dumas.demo  # noqa: F401
        except ImportError:
            pass
        for _line in demo.load(db.session, DEMO_PASSWORD):
            pass
        db.session.commit()
        if not db.session.scalar(select(func.count()).select_from(RecapSnapshot)):
            _publish_last_month(db.session)
            db.session.commit()
        counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
                  for m in (ActionPlanItem, Complaint, RecapSnapshot, WbsReport, SurveyResponse)}
        db.engine.dispose()
    config_file = workdir / "secret"
    config_file.write_text(config["SECRET_KEY"])
    return counts


def _publish_last_month(session) -> None:
    from datetime import date, timedelta

    from portal.accounts import service as accounts
    from portal.core import periods
    from portal.recap import service as recaps

    admin = accounts.find_by_email(session, "admin@demo.example")
    last = date.today().replace(day=1) - timedelta(days=1)
    recaps.publish(session, periods.month_period(last.year, last.month), admin)


def gunicorn_command(app_spec: str, port: int, workers: int, threads: int,
                     extra: list[str] | None = None) -> list[str]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return [str(gunicorn), "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
            "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--backlog", "2048", "--keep-alive", "5",
            "--log-level", "warning", *(extra or []), app_spec]


def portal_env(url: str, workdir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url, "SECRET_KEY": (workdir / "secret").read_text(),
        "PORTAL_UPLOAD_FOLDER": str(workdir / "uploads"), "PORTAL_MAIL_SERVER": "",
        "PORTAL_ENV": "development", "PORTAL_RATELIMIT_STORAGE": "memory://",
        "PORTAL_WBS_KEY_FILE": str(workdir / "instance" / "wbs.key"),
    })
    env.update(extra)
    return env


def start_server(cmd: list[str], env: dict, log_path: Path, health_url: str,
                 cwd: Path = ROOT) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early; see {log_path}")
        try:
            with urllib.request.urlopen(health_url, timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"server did not answer {health_url} within 90 s; see {log_path}")


@dataclass
class Scratch:
    """One run's temporary PostgreSQL database and work folder, and the servers started for it."""

    name: str
    url: str
    workdir: Path
    servers: list[subprocess.Popen] = field(default_factory=list)

    def serve(self, cmd: list[str], env: dict, log_name: str, health_url: str) -> subprocess.Popen:
        """start_server with its log in the work folder; the server is stopped when the run ends."""
        proc = start_server(cmd, env, self.workdir / log_name, health_url)
        self.servers.append(proc)
        return proc


@contextmanager
def scratch(cli_admin_url: str, *, workdir_prefix: str, db_prefix: str = "portal_bench", keep: bool):
    """A Scratch for one run (admin URL: the option, BENCH_DATABASE_URL or the default); at the end stops
    its servers, then drops the database and removes the folder, unless `keep` (then prints both)."""
    admin = admin_url(cli_admin_url)
    workdir = temp_workdir(workdir_prefix)
    name, url = create_database(admin, db_prefix)
    run = Scratch(name, url, workdir)
    try:
        yield run
    finally:
        for proc in run.servers:
            stop(proc)
        if keep:
            print(f"kept database {name} and {workdir}")
        else:
            drop_database(admin, name)
            shutil.rmtree(workdir, ignore_errors=True)


def stop(proc: subprocess.Popen) -> None:
    """Stop the process group this script started (gunicorn master and its workers)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def worker_pids(master_pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True,
                         check=False).stdout
    return [int(p) for p in out.split()]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def temp_workdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """(first run, best, median) in milliseconds over `repeat` runs after the first."""
    import statistics

    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return first, min(runs), statistics.median(runs)


def vacuum_and_describe(engine, table: str, load_seconds: float, *, no_vacuum: bool) -> int:
    """After a bulk load: VACUUM (ANALYZE) (or ANALYZE only) `table`, print its row count, size, indexes and
    the server version; return the row count."""
    from sqlalchemy import text

    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"ANALYZE {table}" if no_vacuum else f"VACUUM (ANALYZE) {table}"))
    maintenance = time.perf_counter() - started
    with engine.connect() as conn:
        total = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        size = conn.execute(text(f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))")).scalar_one()
        indexes = conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = :t ORDER BY indexname"),
            {"t": table}).scalars().all()
        version = conn.execute(text("SHOW server_version")).scalar_one()
    print(f"loaded {total:,} rows in {load_seconds:.1f} s; "
          f"{'ANALYZE' if no_vacuum else 'VACUUM ANALYZE'} {maintenance:.1f} s; table+indexes {size}; "
          f"PostgreSQL {version}")
    print("indexes: " + ", ".join(indexes))
    return total


def bulk_load_parser(description: str, *, year: int, vacuum_help: str,
                     year_help: str | None = None) -> argparse.ArgumentParser:
    """The options every bulk-load benchmark takes: --rows, --repeat, --year, --admin-url, --no-vacuum and
    --keep."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=year, help=year_help)
    parser.add_argument("--admin-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_ADMIN_URL))
    parser.add_argument("--no-vacuum", action="store_true", help=vacuum_help)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    return parser


@contextmanager
def schema_database(admin: str, prefix: str, *, keep: bool):
    """A fresh database with the schema built from the models (the production indexes): yields its name and
    an engine; disposes of the engine and drops the database at the end (unless `keep`: then prints it)."""
    from sqlalchemy import create_engine

    from portal.core.models.base import Base
    from portal.features import import_models

    name, url = create_database(admin, prefix=prefix)
    engine = create_engine(url)
    try:
        import_models()
        Base.metadata.create_all(engine)
        yield name, engine
    finally:
        engine.dispose()
        if keep:
            print(f"kept database {name}: {url}")
        else:
            drop_database(admin, name)


def time_cases(session, cases: list, repeat: int, width: int) -> dict[str, tuple[float, float]]:
    """Time each (label, fn) of `cases` (first, best, median of `repeat`), print a table `width` wide in its
    label column, roll the session back after each; return {label: (best, median)}."""
    print(f"{'query':<{width}} {'first ms':>10} {'best ms':>10} {'median ms':>10}   (N={repeat})")
    results = {}
    for label, fn in cases:
        first, best, median = timed(fn, repeat)
        results[label] = (best, median)
        print(f"{label:<{width}} {first:>10.1f} {best:>10.1f} {median:>10.1f}")
        session.rollback()
    return results
