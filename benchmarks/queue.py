"""Jobs per second on the Redis queue (portal/core/jobs.py, RQ), against a yardstick measured in the same run.

    .venv/bin/python benchmarks/queue.py                 # 2000 no-op jobs, 300 e-mails
    .venv/bin/python benchmarks/queue.py --noop 5000 --mail 500

Needs Redis on 127.0.0.1:6379 (an empty database number is used and emptied again) and nothing else: the
portal runs on a temporary SQLite file, the e-mails go to an SMTP server (aiosmtpd) on 127.0.0.1 started by
the script. It measures, in one process:

- yardstick: Redis round trips per second through redis-py (`PING`), the floor any queue on this Redis pays;
- enqueue: `jobs.enqueue()` of no-op jobs (what a request pays to hand its e-mail over), per second;
- worker, no-op: an RQ `SimpleWorker` in burst mode (`flask --app portal worker` runs the same class)
  taking the queued no-op jobs, per second: the queue's own overhead per job;
- worker, mail: e-mail jobs (`send_mail`, each one SMTP conversation with the local server) queued, then
  taken by the worker, per second; every message is checked to have arrived.

Each rate is also printed as a ratio to the yardstick, which moves with the machine, so runs on different
machines compare.
"""
from __future__ import annotations

import os
import sys

# This file is named like the standard library's `queue` (which redis-py imports): run as a script, its own
# folder is first on sys.path and would shadow it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import logging
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        with self.lock:
            self.count += 1
        return "250 OK"


def empty_db_number(redis_module) -> int:
    for number in (14, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1):  # 0, 13, 15: used by tests
        if redis_module.Redis(host="127.0.0.1", port=6379, db=number).dbsize() == 0:
            return number
    raise SystemExit("no empty Redis database number on 127.0.0.1:6379")


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def yardstick(client, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        client.ping()
    return rate(count, time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--noop", type=int, default=2000, help="no-op jobs")
    parser.add_argument("--mail", type=int, default=300, help="e-mail jobs")
    args = parser.parse_args()

    import redis
    from aiosmtpd.controller import Controller
    from rq import SimpleWorker

    from portal import create_app
    from portal.core import jobs, mailer
    from portal.extensions import db

    logging.getLogger("rq").setLevel(logging.WARNING)
    number = empty_db_number(redis)
    url = f"redis://127.0.0.1:6379/{number}"
    client = redis.Redis.from_url(url)
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-queue-"))
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}", "INSTANCE_PATH": str(workdir),
        "SECRET_KEY": "bench", "REDIS_URL": url, "JOBS_MODE": "rq",
        "JOBS_QUEUE": "bench-" + uuid.uuid4().hex[:8],
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port, "PAGE_CACHE_SECONDS": 0,
    })

    @jobs.job("bench-noop")
    def noop(i: int) -> None:
        return None

    try:
        with app.app_context():
            db.create_all()
            jobs._worker_app = app
            queue = jobs._rq_queue(app)
            worker = SimpleWorker([queue], connection=queue.connection)
            pings = yardstick(client, max(args.noop, 2000))

            start = time.perf_counter()
            for i in range(args.noop):
                jobs.enqueue("bench-noop", i)
            enqueue_rate = rate(args.noop, time.perf_counter() - start)
            start = time.perf_counter()
            worker.work(burst=True, logging_level="WARNING")
            noop_rate = rate(args.noop, time.perf_counter() - start)
            done_noop = queue.finished_job_registry.count

            start = time.perf_counter()
            for i in range(args.mail):
                mailer.send_mail(app.config, f"pelapor{i}@contoh.example", f"Uji {i}", "Isi surel uji.")
            mail_enqueue = rate(args.mail, time.perf_counter() - start)
            start = time.perf_counter()
            worker.work(burst=True, logging_level="WARNING")
            deadline = time.monotonic() + 10
            while inbox.count < args.mail and time.monotonic() < deadline:
                time.sleep(0.01)
            mail_rate = rate(args.mail, time.perf_counter() - start)
            failed = queue.failed_job_registry.count
            pings_after = yardstick(client, max(args.noop, 2000))
    finally:
        controller.stop()
        keys = list(client.scan_iter(match="*", count=1000))
        if keys:
            client.delete(*keys)
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)

    stick = (pings + pings_after) / 2
    rows = [
        ("yardstick: Redis PING round trips", stick, ""),
        (f"enqueue, no-op job (x{args.noop})", enqueue_rate, ""),
        (f"worker, no-op job (x{args.noop}, {done_noop} finished)", noop_rate, ""),
        (f"enqueue, e-mail job (x{args.mail})", mail_enqueue, ""),
        (f"worker, e-mail to local SMTP (x{args.mail}, {inbox.count} arrived)", mail_rate, ""),
    ]
    print(f"{'measure':<58} {'per second':>12} {'ratio':>8}")
    for label, value, _ in rows:
        print(f"{label:<58} {value:>12,.0f} {value / stick:>8.3f}")
    print(f"(yardstick before/after: {pings:,.0f} / {pings_after:,.0f} per second; failed jobs: {failed})")
    ok = inbox.count == args.mail and failed == 0 and done_noop >= args.noop
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
