"""In-process render times without the page cache: every public page and the staff inboxes, against
/healthz measured in the same run (issue "Speed and scale", part 1).

    .venv/bin/python benchmarks/render.py                 # SQLite in a temporary folder, demo content
    .venv/bin/python benchmarks/render.py --db postgres   # a temporary PostgreSQL database
    .venv/bin/python benchmarks/render.py --repeat 60 --profile /rencana-aksi

The app is built with the demo content (`flask init` defaults + `flask demo-data`), the page micro-cache
off (PORTAL_PAGE_CACHE_SECONDS=0) and the settings cache on as in production. Each page is requested
through the Flask test client `--repeat` times after two warm-up requests; the script prints per page the
median in ms, the ratio to the median of /healthz, the number of SQL statements of one request and the
HTML size. Staff pages are requested signed in as the demo account of their role (the WBS one passes the
TOTP step). The targets of the issue: public pages within 3x /healthz, the DUMAS, WBS and PPID inboxes
(20 rows) within 5x; the exit status is 1 when a page misses its target.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import benchlib

PUBLIC = [
    "/", "/rencana-aksi", "/rencana-aksi/progres", "/standar-pelayanan", "/maklumat", "/rekap",
    "/survei", "/survei/hasil", "/pengaduan", "/pengaduan/daftar", "/pengaduan/lacak", "/wbs",
    "/ppid", "/ppid/dip", "/ppid/dikecualikan", "/ppid/permohonan", "/ppid/laporan", "/data-terbuka",
    "/api/v1/", "/api/v1/rencana-aksi",
]
# (path, demo account) for the staff inboxes: 20 rows each (the demo data holds more than 20 cases).
STAFF = [
    ("/admin/pengaduan", "dumas@demo.example"),
    ("/admin/wbs", "wbs@demo.example"),
    ("/admin/ppid/permohonan", "ppid@demo.example"),
]
PUBLIC_TARGET = 3.0
STAFF_TARGET = 5.0


@contextmanager
def statement_counter(engine):
    from sqlalchemy import event

    counts = [0]

    def count(*_args, **_kwargs):
        counts[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", count)


def build_app(folder: Path, database_url: str | None):
    from portal import create_app
    from portal.core import defaults, demo
    from portal.extensions import db

    app = create_app({
        "SECRET_KEY": "bench", "TESTING": False, "DEBUG": False,
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder / 'portal.db'}",
        "INSTANCE_PATH": str(folder / "instance"), "UPLOAD_FOLDER": str(folder / "uploads"),
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "", "PAGE_CACHE_SECONDS": 0.0,
    })
    with app.app_context():
        db.create_all()
        defaults.load_all(db.session)
        demo.load(db.session, benchlib.DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    return app


def signed_in_client(app, email: str):
    """A test client signed in as `email`; passes the TOTP step when the log-in asks for it (WBS, admin)."""
    import pyotp

    from portal.accounts import service as accounts
    from portal.extensions import db

    client = app.test_client()
    answer = client.post("/admin/login", data={"email": email, "password": benchlib.DEMO_PASSWORD})
    if "/admin/verifikasi" in answer.headers.get("Location", ""):
        with app.app_context():
            user = accounts.find_by_email(db.session, email)
            if not user.totp_secret:
                user.totp_secret = pyotp.random_base32()
                db.session.commit()
            secret = user.totp_secret
            db.session.remove()
        client.post("/admin/verifikasi", data={"code": pyotp.TOTP(secret).now()})
    return client


def measure(app, client, path: str, repeat: int) -> dict:
    from portal.extensions import db

    for _ in range(2):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    with app.app_context():
        engine = db.engine
    with statement_counter(engine) as counts:
        client.get(path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "statements": counts[0], "bytes": len(response.data)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--admin-url", default="")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", default="", help="a path to profile (cProfile, top 30)")
    parser.add_argument("--sort", default="cumulative", 
                        help="pstats order for --profile: cumulative, tottime")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="portal-render-"))
    database = None
    if args.db == "postgres":
        admin = benchlib.admin_url(args.admin_url)
        database = benchlib.create_database(admin)
    try:
        app = build_app(folder, database[1] if database else None)
        public = app.test_client()
        yardstick = measure(app, public, "/healthz", args.repeat)
        rows = [("/healthz", yardstick, 1.0, None)]
        failed = []
        for path in PUBLIC:
            result = measure(app, public, path, args.repeat)
            rows.append((path, result, PUBLIC_TARGET, None))
        for path, email in STAFF:
            client = signed_in_client(app, email)
            rows.append((path, measure(app, client, path, args.repeat), STAFF_TARGET, email))
        print(f"render, in-process, page cache off, {args.db}, median of {args.repeat}")
        print(f"{'page':32} {'ms':>7} {'x healthz':>9} {'target':>6} {'SQL':>4} {'KB':>6}")
        for path, result, target, _email in rows:
            ratio = result["median"] / yardstick["median"]
            mark = "" if ratio <= target or path == "/healthz" else "  MISSED"
            if mark:
                failed.append(path)
            print(f"{path:32} {result['median'] * 1000:7.2f} {ratio:9.2f} {target:6.1f} "
                  f"{result['statements']:4d} {result['bytes'] / 1024:6.1f}{mark}")
        if args.profile:
            email = dict(STAFF).get(args.profile)
            client = signed_in_client(app, email) if email else public
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(args.profile)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)
        print(f"{len(failed)} page(s) over target" + (": " + ", ".join(failed) if failed else ""))
        return 1 if failed else 0
    finally:
        from portal.extensions import db

        try:
            with app.app_context():
                db.engine.dispose()
        except NameError:
            pass
        if database:
            benchlib.drop_database(benchlib.admin_url(args.admin_url), database[0])
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
