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
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 302 comes back as an HTTPError we read the code of


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "----bench" + uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, ctype in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def prepare_database(admin_url: str) -> tuple[str, str]:
    name = f"portal_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    return name, url


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


def drop_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def start_gunicorn(url: str, workdir: Path, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url, "SECRET_KEY": "bench-secret-" + uuid.uuid4().hex,
        "PORTAL_RATELIMIT_ENABLED": "0", "PORTAL_RATELIMIT_STORAGE": "memory://",
        "PORTAL_UPLOAD_FOLDER": str(workdir / "uploads"), "PORTAL_MAIL_SERVER": "", "PORTAL_ENV": "development",
    })
    gunicorn = Path(sys.executable).parent / "gunicorn"
    cmd = [str(gunicorn), "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
           "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--backlog", "2048",
           "--log-level", "warning", "portal:create_app()"]
    with open(workdir / "gunicorn.log", "wb") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited early; see {workdir / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group we started (master and its workers)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


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
        if not token or not category:
            raise RuntimeError("form without CSRF token or category")
        self.fields = {
            "csrf_token": token.group(1), "reporter_name": f"Pelapor Uji {self.index}",
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


def run(args) -> int:
    admin_url = args.admin_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    name, url = prepare_database(admin_url)
    proc = None
    try:
        build_schema(url, workdir)
        port = args.port or free_port()
        proc = start_gunicorn(url, workdir, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        clients = [Client(base, i + 1, not args.no_attachment) for i in range(args.requests)]

        t0 = time.perf_counter()
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
        get_elapsed = time.perf_counter() - t0
        if get_errors:
            print(f"{len(get_errors)} form GETs failed, e.g. {get_errors[0]}")
            return 1

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
        elapsed = time.perf_counter() - t1

        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM complaints")).scalar_one()
            distinct = conn.execute(text("SELECT count(DISTINCT number) FROM complaints")).scalar_one()
            seqs = [r[0] for r in conn.execute(text("SELECT seq FROM complaints ORDER BY seq"))]
            attachments = conn.execute(text("SELECT count(*) FROM complaint_attachments")).scalar_one()
            counter = conn.execute(text("SELECT last_seq FROM complaint_counters")).scalar()
        engine.dispose()
        files = sum(1 for p in (workdir / "uploads").rglob("*") if p.is_file())

        statuses = Counter(c.status for c in clients)
        latencies = [c.latency for c in clients]
        receipts = sum(1 for c in clients if c.status == 302 and c.location.endswith("/pengaduan/tanda-terima"))
        consecutive = seqs == list(range(1, len(seqs) + 1))
        server_errors = sum(n for code, n in statuses.items() if code is None or code >= 500 or code == 0)

        print(f"gunicorn: {args.workers} workers x {args.threads} threads (gthread), PostgreSQL database {name}")
        print(f"form GETs (CSRF token + cookie per client): {len(clients)} in {get_elapsed:.2f} s")
        print(f"requests (concurrent POST /pengaduan): {len(clients)}"
              f"{' with 1 PDF attachment each' if not args.no_attachment else ''}")
        print("status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items(), key=lambda x: x[0] or 0)))
        print(f"redirects to the receipt: {receipts}")
        print(f"5xx / connection errors: {server_errors}")
        print(f"rows in complaints: {rows}")
        print(f"distinct numbers: {distinct}")
        print(f"sequence 1..{len(seqs)} without gaps: {'yes' if consecutive else 'NO'} (counter last_seq = {counter})")
        print(f"attachment rows / files on disk: {attachments} / {files}")
        print(f"elapsed (all POSTs): {elapsed:.2f} s, throughput {len(clients) / elapsed:.1f} req/s")
        print(f"latency p50: {percentile(latencies, 0.50) * 1000:.0f} ms, p95: {percentile(latencies, 0.95) * 1000:.0f} ms, "
              f"max: {max(latencies) * 1000:.0f} ms")
        ok = (server_errors == 0 and rows == len(clients) == distinct and consecutive and receipts == len(clients)
              and (args.no_attachment or attachments == files == len(clients)))
        print("RESULT: " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        if proc is not None:
            stop(proc)
        if args.keep:
            print(f"kept database {name} and {workdir}")
        else:
            drop_database(admin_url, name)
            shutil.rmtree(workdir, ignore_errors=True)


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
