"""200 concurrent complaint submissions through gunicorn on a fresh PostgreSQL database.

    .venv/bin/python benchmarks/concurrent_submissions.py
    .venv/bin/python benchmarks/concurrent_submissions.py --requests 400 --workers 4 --threads 8 --keep

What it does:
1. creates a temporary database next to the server's admin database (default
   postgresql+psycopg://postgres@127.0.0.1:5432/test; override with --admin-url or BENCH_DATABASE_URL),
   builds the schema from the models (db.create_all, the same tables and indexes) and loads the default
   complaint categories;
2. starts gunicorn (`--workers` processes, gthread with `--threads` each) on 127.0.0.1 with
   PORTAL_RATELIMIT_ENABLED=0 (one address sends everything) and CSRF left ON;
3. each of N clients has its own cookie jar: it GETs /pengaduan for a CSRF token and a category, then all
   clients wait at a barrier and POST /pengaduan at the same moment (multipart, with a small PDF attached
   unless --no-attachment);
4. prints the requests, status code counts, rows in `complaints`, distinct numbers, whether the
   sequence is 1..N without gaps, files written, elapsed time, throughput and p50/p95/max latency;
5. stops gunicorn and drops the database (unless --keep). Exit status 1 if any check fails.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import benchlib
from benchlib import NoRedirect, multipart, percentile
from sqlalchemy import create_engine, text

from tests.dumas_public_helpers import pdf_bytes

PDF = pdf_bytes()  # well-formed: every PDF is opened and cleaned (pikepdf); a broken one is refused
RECEIPT = "/pengaduan/tanda-terima"


def build_schema(url: str, workdir: Path) -> None:
    from portal import create_app
    from portal.dumas import service as complaints
    from portal.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(workdir / "instance"),
        "UPLOAD_FOLDER": str(workdir / "uploads"),
    })
    with app.app_context():
        db.create_all()
        complaints.load_default_categories(db.session)
        db.session.commit()
        db.engine.dispose()


def start_gunicorn(run: benchlib.Scratch, port: int, workers: int, threads: int):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": run.url, "SECRET_KEY": "bench-secret-" + uuid.uuid4().hex,
        "PORTAL_RATELIMIT_ENABLED": "0", "PORTAL_RATELIMIT_STORAGE": "memory://",
        "PORTAL_UPLOAD_FOLDER": str(run.workdir / "uploads"), "PORTAL_MAIL_SERVER": "",
        "PORTAL_ENV": "development",
    })
    gunicorn = Path(sys.executable).parent / "gunicorn"
    cmd = [str(gunicorn), "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
           "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--backlog", "2048",
           "--log-level", "warning", "portal:create_app()"]
    return run.serve(cmd, env, "gunicorn.log", f"http://127.0.0.1:{port}/healthz")


class Client:
    def __init__(self, base: str, index: int, attach: bool):
        self.base = base
        self.index = index
        self.attach = attach
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.fields: dict[str, str] = {}
        self.status: int | None = None
        self.location = ""
        self.latency = 0.0
        self.error = ""

    def get_form(self) -> None:
        with self.opener.open(self.base + "/pengaduan", timeout=60) as resp:
            html = resp.read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        category = re.search(r'<option value="(\d+)"', html)
        form_token = re.search(r'name="form_token" value="([^"]+)"', html)  # one-time token
        if not token or not category:
            raise RuntimeError("form without CSRF token or category")
        self.fields = {
            "csrf_token": token.group(1), "form_token": form_token.group(1) if form_token else "",
            "reporter_name": f"Pelapor Uji {self.index}",
            "reporter_email": f"pelapor{self.index}@contoh.example", "reporter_phone": "081234567890",
            "category_id": category.group(1), "subject": f"Uji beban pengaduan nomor {self.index}",
            "description": "Antrean layanan terlalu lama dan petugas tidak memberi kejelasan. " * 3,
            "event_place": "Kantor KPU", "event_date": "2026-01-05", "consent": "y",
        }

    def post(self) -> None:
        files = [("attachments", f"bukti-{self.index}.pdf", PDF, "application/pdf")] if self.attach else []
        body, ctype = multipart(self.fields, files)
        request = urllib.request.Request(self.base + "/pengaduan", data=body, method="POST",
                                         headers={"Content-Type": ctype})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as resp:
                self.status = resp.status
                resp.read()
        except urllib.error.HTTPError as exc:
            self.status = exc.code
            self.location = exc.headers.get("Location", "")
            exc.read()
        except OSError as exc:
            self.status = 0
            self.error = type(exc).__name__
        self.latency = time.perf_counter() - started


def fetch_forms(clients: list[Client]) -> list[str]:
    """Every client GETs its form (CSRF token + cookie) at once; returns the failures."""
    get_errors: list[str] = []

    def fetch(client: Client) -> None:
        try:
            client.get_form()
        except Exception as exc:  # noqa: BLE001 - reported below
            get_errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=fetch, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return get_errors


def post_together(clients: list[Client]) -> float:
    """Every client POSTs its form at the same moment (released by a barrier); returns the elapsed seconds."""
    barrier = threading.Barrier(len(clients) + 1)

    def fire(client: Client) -> None:
        barrier.wait()
        client.post()

    threads = [threading.Thread(target=fire, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    barrier.wait()
    t1 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t1


def stored(run: benchlib.Scratch) -> dict:
    """What the database and the upload folder hold after the burst."""
    engine = create_engine(run.url)
    with engine.connect() as conn:
        found = {
            "rows": conn.execute(text("SELECT count(*) FROM complaints")).scalar_one(),
            "distinct": conn.execute(text("SELECT count(DISTINCT number) FROM complaints")).scalar_one(),
            "seqs": [r[0] for r in conn.execute(text("SELECT seq FROM complaints ORDER BY seq"))],
            "attachments": conn.execute(text("SELECT count(*) FROM complaint_attachments")).scalar_one(),
            "counter": conn.execute(text("SELECT last_seq FROM complaint_counters")).scalar(),
        }
    engine.dispose()
    found["files"] = sum(1 for p in (run.workdir / "uploads").rglob("*") if p.is_file())
    return found


def report(args, run: benchlib.Scratch, clients: list[Client], get_elapsed: float, elapsed: float) -> bool:
    """Print the figures and the checks; True when every check passed."""
    found = stored(run)
    rows, distinct, seqs = found["rows"], found["distinct"], found["seqs"]
    attachments, files = found["attachments"], found["files"]
    statuses = Counter(c.status for c in clients)
    latencies = [c.latency for c in clients]
    receipts = sum(1 for c in clients if c.status == 302 and c.location.endswith(RECEIPT))
    consecutive = seqs == list(range(1, len(seqs) + 1))
    server_errors = sum(n for code, n in statuses.items() if code is None or code >= 500 or code == 0)
    codes = sorted(statuses.items(), key=lambda x: x[0] or 0)

    print(f"gunicorn: {args.workers} workers x {args.threads} threads (gthread), "
          f"PostgreSQL database {run.name}")
    print(f"form GETs (CSRF token + cookie per client): {len(clients)} in {get_elapsed:.2f} s")
    print(f"requests (concurrent POST /pengaduan): {len(clients)}"
          f"{' with 1 PDF attachment each' if not args.no_attachment else ''}")
    print("status codes: " + ", ".join(f"{code}: {n}" for code, n in codes))
    print(f"redirects to the receipt: {receipts}")
    print(f"5xx / connection errors: {server_errors}")
    print(f"rows in complaints: {rows}")
    print(f"distinct numbers: {distinct}")
    print(f"sequence 1..{len(seqs)} without gaps: {'yes' if consecutive else 'NO'} "
          f"(counter last_seq = {found['counter']})")
    print(f"attachment rows / files on disk: {attachments} / {files}")
    print(f"elapsed (all POSTs): {elapsed:.2f} s, throughput {len(clients) / elapsed:.1f} req/s")
    print(f"latency p50: {percentile(latencies, 0.50) * 1000:.0f} ms, "
          f"p95: {percentile(latencies, 0.95) * 1000:.0f} ms, max: {max(latencies) * 1000:.0f} ms")
    return (server_errors == 0 and rows == len(clients) == distinct and consecutive
            and receipts == len(clients) and (args.no_attachment or attachments == files == len(clients)))


def run(args) -> int:
    with benchlib.scratch(args.admin_url, workdir_prefix="portal-bench-", keep=args.keep) as scratch:
        build_schema(scratch.url, scratch.workdir)
        port = args.port or benchlib.free_port()
        start_gunicorn(scratch, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        clients = [Client(base, i + 1, not args.no_attachment) for i in range(args.requests)]

        t0 = time.perf_counter()
        get_errors = fetch_forms(clients)
        get_elapsed = time.perf_counter() - t0
        if get_errors:
            print(f"{len(get_errors)} form GETs failed, e.g. {get_errors[0]}")
            return 1
        elapsed = post_together(clients)
        ok = report(args, scratch, clients, get_elapsed, elapsed)
        print("RESULT: " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--admin-url", default="")
    parser.add_argument("--no-attachment", action="store_true", help="POST without a file")
    parser.add_argument("--keep", action="store_true", help="keep the database and the upload folder")
    raise SystemExit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
