"""Work off the request path: e-mails and scheduled work run as jobs, with retries and backoff, and a job that
keeps failing is kept in `failed_jobs` for the admin (/admin/antrean), never dropped.

Where a job runs (`JOBS_MODE`, portal/config.py):
- "rq" (the default when PORTAL_REDIS_URL is set): on a Redis queue (RQ) that `flask --app portal worker`
  serves on any machine. RQ rather than Celery or Dramatiq: it needs Redis only (which the rate limits and
  the shared caches use already), it is small (one dependency, croniter), and it has what the portal needs:
  retries with a list of intervals, a failed-job registry, per-job timeouts and a worker that runs the
  delayed retries itself (`with_scheduler`). Celery brings a broker abstraction, a result backend and its
  own config language for four kinds of job; Dramatiq is as small, but its retries, the admin's view of a
  failure and the delayed retries go through middleware of its own, and the queue keeps no job after its
  last failure.
  Redis unreachable when a job is queued: the job runs in a thread instead (a warning in the log), the request
  never fails for it.
- "thread" (no Redis, `make run`): in a small thread pool of this process (the response does not wait for
  it); a retry waits on a timer. A process stopped while a job waits for its next try loses it: production
  uses Redis.
- "sync" (the tests, TESTING_DEFAULTS): at once and once; a failure is kept as failed, like the others.

A job is a function registered with `@job("name")`; its arguments are JSON values (stored with a failure, so
that the admin can run it again). In-process extras that must not go to Redis or the database (the SMTP
password of a test's config) are passed as `local=`.
"""
from __future__ import annotations

import importlib
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

log = logging.getLogger("portal.jobs")

# Modules that register jobs: imported before a name is looked up (in a worker nothing else may have).
JOB_MODULES = ("portal.core.mailer", "portal.core.jobs")
REGISTRY: dict[str, Callable[..., Any]] = {}
QUEUE_RETRY_AFTER = 5.0  # seconds: after Redis failed, jobs run in-process without asking it again
LABELS: dict[str, Any] = {}
# The commands a scheduled job may run (`flask --app portal enqueue NAME`, systemd timers in docs/deploy.md).
SCHEDULED_COMMANDS = ("wbs-purge", "zi-digest")


def job(name: str, label: Any = ""):
    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = function
        LABELS[name] = label or name
        return function
    return register


def resolve(name: str) -> Callable[..., Any]:
    if name not in REGISTRY:
        for module in JOB_MODULES:
            importlib.import_module(module)
    try:
        return REGISTRY[name]
    except KeyError:
        raise LookupError(f"unknown job {name!r}") from None


def mode(app: Flask) -> str:
    chosen = app.config.get("JOBS_MODE", "auto")
    if chosen == "auto":
        return "rq" if app.config.get("JOBS_REDIS_URL") or app.config.get("REDIS_URL") else "thread"
    return chosen


def intervals(app: Flask) -> list[int]:
    return [max(0, int(s)) for s in app.config.get("JOBS_RETRY_INTERVALS", ())]


# --- queueing -----------------------------------------------------------------------------------------------

def enqueue(name: str, *args: Any, local: dict[str, Any] | None = None) -> bool:
    """Run job `name` off the request path. Returns the job's own result in "sync" mode (False when it
    failed), else True once it is queued."""
    resolve(name)  # an unknown name fails here, in the caller, not later in a worker
    json.dumps(list(args))  # the arguments must survive Redis and the failed-jobs table
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    chosen = mode(app)
    if chosen == "sync":
        return _run_with_record(app, name, list(args), local or {}, tries=1)
    if chosen == "rq" and time.monotonic() >= app.extensions.get("portal_jobs_down_until", 0.0):
        try:
            _rq_enqueue(app, name, list(args))
            return True
        except Exception as exc:  # noqa: BLE001 (Redis down or misconfigured: run here instead of failing)
            log.warning("job queue unreachable (%s): running %s in this process", type(exc).__name__, name)
            app.extensions["portal_jobs_down_until"] = time.monotonic() + QUEUE_RETRY_AFTER
    _pending(app, +1)
    _executor(app).submit(_try_in_thread, app, name, list(args), local or {}, 1, None)
    return True


_pending_lock = threading.Lock()


def _pending(app: Flask, change: int) -> int:
    """In-process jobs not finished yet (a retry waiting counts): what `flush_pending` waits for."""
    with _pending_lock:
        count = app.extensions.get("portal_jobs_pending", 0) + change
        app.extensions["portal_jobs_pending"] = count
        return count


def _try_in_thread(app: Flask, name: str, args: list, local: dict, attempt: int, first_at) -> None:
    """One try in the pool; a failure with tries left waits on a timer, not in a pool thread (two jobs
    waiting an hour for their next try never hold up the other e-mails)."""
    from portal.core.clock import utcnow

    first_at = first_at or utcnow()
    waits = intervals(app)
    tries = len(waits) + 1
    try:
        with app.app_context():
            resolve(name)(*args, **local)
    except Exception as exc:  # noqa: BLE001 (every failure is kept, whatever it is)
        log.warning("job %s failed (try %d of %d): %s", name, attempt, tries, type(exc).__name__)
        if attempt < tries:
            timer = threading.Timer(waits[attempt - 1], _executor(app).submit,
                                    (_try_in_thread, app, name, args, local, attempt + 1, first_at))
            timer.daemon = True
            timer.start()
            return
        try:
            with app.app_context():
                record_failure(name, args, attempt, exc, first_at=first_at)
        except Exception:
            log.exception("job %s: its failure could not be recorded", name)
    _pending(app, -1)


def _rq_queue(app: Flask):
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=redis_connection(app, "JOBS_REDIS_URL"))


def _rq_enqueue(app: Flask, name: str, args: list) -> None:
    from rq import Retry

    waits = intervals(app)
    retry = Retry(max=len(waits), interval=waits) if waits else None
    _rq_queue(app).enqueue("portal.core.jobs.execute", name, args, retry=retry,
                           job_timeout=app.config["JOBS_TIMEOUT"], result_ttl=600,
                           failure_ttl=30 * 24 * 3600, description=name)


def redis_connection(app: Flask, setting: str = "REDIS_URL"):
    """One client per app and URL (a connection pool), with short timeouts: a Redis that hangs costs a
    request at most about a second, never the request itself."""
    url = app.config.get(setting) or app.config["REDIS_URL"]
    clients = app.extensions.setdefault("portal_redis", {})
    client = clients.get(url)
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0, health_check_interval=30)
        clients[url] = client
    return client


_executor_lock = threading.Lock()


def _executor(app: Flask) -> ThreadPoolExecutor:
    with _executor_lock:
        pool = app.extensions.get("portal_job_threads")
        if pool is None:
            pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="portal-job")
            app.extensions["portal_job_threads"] = pool
        return pool


# --- running ------------------------------------------------------------------------------------------------

def _run_with_record(app: Flask, name: str, args: list, local: dict, tries: int) -> Any:
    """In-process run, at once ("sync", `flask enqueue` without Redis): `tries` tries with the configured
    waits, then a failed-job row."""
    from portal.core.clock import utcnow

    first_at = utcnow()
    waits = intervals(app)
    for attempt in range(1, tries + 1):
        try:
            with app.app_context():
                result = resolve(name)(*args, **local)
            return True if result is None else result
        except Exception as exc:  # noqa: BLE001 (every failure is kept, whatever it is)
            log.warning("job %s failed (try %d of %d): %s", name, attempt, tries, type(exc).__name__)
            if attempt == tries:
                with app.app_context():
                    record_failure(name, args, attempt, exc, first_at=first_at)
                return False
            time.sleep(waits[min(attempt - 1, len(waits) - 1)] if waits else 0)
    return False


_worker_app: Flask | None = None


def execute(name: str, args: list) -> Any:
    """What the RQ worker runs: the job in a fresh app context; its last failed try is kept as failed."""
    from rq import get_current_job

    app = _worker_app or current_app._get_current_object()  # type: ignore[attr-defined]
    current = get_current_job()
    try:
        with app.app_context():
            return resolve(name)(*args)
    except Exception as exc:
        if current is None or not current.retries_left:  # the last try: RQ keeps it too (failed registry)
            with app.app_context():
                tries = len(intervals(app)) + 1 if current is not None and current.retries_left == 0 else 1
                record_failure(name, args, tries, exc,
                               first_at=current.enqueued_at if current is not None else None)
        raise


def record_failure(name: str, args: list, attempts: int, exc: BaseException, first_at=None) -> None:
    """A failed-job row, in its own session (the caller's may hold a request's unfinished work)."""
    from sqlalchemy.orm import Session

    from portal.core.clock import utcnow
    from portal.core.models.job import FailedJob
    from portal.extensions import db

    error = f"{type(exc).__name__}: {exc}"[:300]
    with Session(db.engine) as session:
        session.add(FailedJob(name=name, arguments=json.dumps(args), attempts=attempts, error=error,
                              first_at=first_at or utcnow(), failed_at=utcnow()))
        session.commit()
    log.error("job %s kept as failed after %d tries", name, attempts)


def retry_failed(session, row) -> bool:
    """Queue a kept job again and forget its row (a new failure makes a new row). Commits the session
    first (with what the caller added, e.g. the audit row): a job run at once writes its failure apart."""
    name, args = row.name, json.loads(row.arguments or "[]")
    session.delete(row)
    session.commit()
    return enqueue(name, *args)


def queue_stats(app: Flask) -> dict[str, Any] | None:
    """Waiting, running, scheduled (a retry waiting) and failed counts on Redis; None when not on RQ or
    Redis is unreachable."""
    if mode(app) != "rq":
        return None
    try:
        queue = _rq_queue(app)
        return {"queued": queue.count, "started": queue.started_job_registry.count,
                "scheduled": queue.scheduled_job_registry.count, "failed": queue.failed_job_registry.count,
                "workers": len(__import__("rq").Worker.all(queue=queue))}
    except Exception:  # noqa: BLE001
        return None


# --- scheduled work -----------------------------------------------------------------------------------------

@job("command", _l("Perintah terjadwal"))
def run_command(command: str, *arguments: str) -> None:
    """A scheduled CLI command (wbs-purge, zi-digest) as a job: a failure raises, so it is retried."""
    if command not in SCHEDULED_COMMANDS:
        raise LookupError(f"not a scheduled command: {command}")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click_command = app.cli.get_command(None, command)  # type: ignore[arg-type]
    if click_command is None:
        raise LookupError(f"command not installed: {command}")
    click_command.main(list(arguments), prog_name=command, standalone_mode=False)


def flush_pending(app: Flask, timeout: float = 10.0) -> None:
    """Wait for the in-process jobs queued so far (tests, shutdown)."""
    deadline = time.monotonic() + timeout
    while _pending(app, 0) > 0 and time.monotonic() < deadline:
        time.sleep(0.02)


# --- large exports ---------------------------------------------------------------------------------------

EXPORT_BUILDERS: dict[str, Callable[..., bytes | str]] = {}
EXPORT_KEEP_SECONDS = 24 * 3600


def export_builder(name: str):
    """Register `function(user_id, *args) -> body` as the builder of the export `name` (a feature does it
    when it is imported, so a worker that created the app knows it)."""
    def register(function: Callable[..., bytes | str]) -> Callable[..., bytes | str]:
        EXPORT_BUILDERS[name] = function
        return function
    return register


def start_export(session, user_id: int, filename: str, builder: str, *args: Any) -> str:
    """An export row (committed) and its job; returns the token of its page. Old rows are dropped here."""
    import secrets
    from datetime import timedelta

    from sqlalchemy import delete

    from portal.core.clock import utcnow
    from portal.core.models.job import ExportFile

    if builder not in EXPORT_BUILDERS:
        raise LookupError(f"unknown export {builder!r}")
    session.execute(delete(ExportFile).where(
        ExportFile.created_at < utcnow() - timedelta(seconds=EXPORT_KEEP_SECONDS)))
    row = ExportFile(token=secrets.token_urlsafe(32), user_id=user_id, filename=filename)
    session.add(row)
    session.commit()
    enqueue("export", row.id, builder, *args)
    return row.token


@job("export", _l("Ekspor besar"))
def build_export(export_id: int, builder: str, *args: Any) -> None:
    from portal.core.clock import utcnow
    from portal.core.models.job import ExportFile
    from portal.extensions import db

    row = db.session.get(ExportFile, export_id)
    if row is None:
        return  # dropped meanwhile (older than a day)
    body = EXPORT_BUILDERS[builder](row.user_id, *args)
    row.body = body.encode("utf-8") if isinstance(body, str) else body
    row.finished_at = utcnow()
    db.session.commit()
