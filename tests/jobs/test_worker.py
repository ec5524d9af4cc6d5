"""A real RQ worker (`flask --app portal worker`, a subprocess) on this machine's Redis: a complaint filed
while the SMTP server is down is answered at once, and its e-mail arrives once the server is back."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.core import jobs
from portal.core.models.job import FailedJob
from portal.extensions import db
from tests.dumas_public_helpers import load_categories, submit_ok
from tests.jobs.redis_helpers import free_port, hanging_smtp, scratch_redis
from tests.smtp_server import Inbox, body_text

ROOT = Path(__file__).resolve().parents[2]


def worker_env(app, **extra: str) -> dict[str, str]:
    config = app.config
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.update({
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": config["SECRET_KEY"],
        "PORTAL_INSTANCE_PATH": app.instance_path,
        "PORTAL_UPLOAD_FOLDER": config["UPLOAD_FOLDER"],
        "PORTAL_MAIL_SERVER": config["MAIL_SERVER"],
        "PORTAL_MAIL_PORT": str(config["MAIL_PORT"]),
        "PORTAL_REDIS_URL": config["REDIS_URL"],
        "PORTAL_JOBS_QUEUE": config["JOBS_QUEUE"],
        "PORTAL_JOBS_RETRY_INTERVALS": ",".join(str(s) for s in config["JOBS_RETRY_INTERVALS"]),
        "PORTAL_MAIL_TIMEOUT": "2",
    })
    env.update(extra)
    return env


def start_worker(app, log: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "worker",
         "--name", f"w-{os.getpid()}-{time.time_ns()}"],
        cwd=ROOT, env=worker_env(app, **extra), stdout=log.open("wb"), stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_complaint_filed_while_smtp_is_down_is_mailed_when_it_comes_back(app_factory, tmp_path):
    port = free_port()
    hanging = hanging_smtp(port)
    with scratch_redis() as (url, prefix):
        # MAIL_TIMEOUT 10 s: sending inside the request would hold the visitor that long
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=10, JOBS_MODE="rq",
                          REDIS_URL=url, REDIS_KEY_PREFIX=prefix, JOBS_QUEUE=prefix,
                          JOBS_RETRY_INTERVALS=(1, 1, 2, 2, 2, 2))
        client = app.test_client()
        categories = load_categories(app)
        worker = start_worker(app, tmp_path / "worker.log")
        try:
            started = time.monotonic()
            number, _code = submit_ok(client, categories["pelayanan"])
            assert time.monotonic() - started < 5  # answered without waiting out the silent server
            # the worker tries, times out (2 s) and schedules a retry
            deadline = time.monotonic() + 30
            queue = jobs._rq_queue(app)
            while time.monotonic() < deadline and queue.scheduled_job_registry.count == 0:
                time.sleep(0.1)
            assert queue.scheduled_job_registry.count == 1, (tmp_path / "worker.log").read_text()
            hanging.close()  # the server comes back
            inbox = Inbox()
            controller = Controller(inbox, hostname="127.0.0.1", port=port)
            controller.start()
            try:
                messages = inbox.wait_for(1, timeout=30)
            finally:
                controller.stop()
            assert len(messages) == 1, (tmp_path / "worker.log").read_text()
            assert number in messages[0]["Subject"] and messages[0]["To"] == "siti@contoh.example"
            assert number in body_text(messages[0])
            with app.app_context():
                assert db.session.scalars(select(FailedJob)).all() == []
        finally:
            stop(worker)
            hanging.close()


def test_a_job_that_keeps_failing_on_the_worker_is_kept(app_factory, tmp_path):
    with scratch_redis() as (url, prefix):
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), JOBS_MODE="rq", REDIS_URL=url,
                          REDIS_KEY_PREFIX=prefix, JOBS_QUEUE=prefix, JOBS_RETRY_INTERVALS=(0, 1))
        submit_ok(app.test_client(), load_categories(app)["pelayanan"])
        worker = start_worker(app, tmp_path / "worker.log")
        try:
            deadline = time.monotonic() + 30
            rows: list = []
            while time.monotonic() < deadline and not rows:
                with app.app_context():
                    rows = db.session.scalars(select(FailedJob)).all()
                    db.session.expunge_all()
                time.sleep(0.2)
            log = (tmp_path / "worker.log").read_text()
            assert [(r.name, r.attempts) for r in rows] == [("mail", 3)], log
            assert jobs._rq_queue(app).failed_job_registry.count == 1  # RQ keeps it too
        finally:
            stop(worker)
