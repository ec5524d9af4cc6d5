"""Jobs off the request path (portal/core/jobs.py): e-mails in every mode, a job that keeps failing kept for
the admin (/admin/antrean) and run again from there, and Redis down never costs a request."""
from __future__ import annotations

import time

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.core import jobs
from portal.core.models.audit import AuditLog
from portal.core.models.job import FailedJob
from portal.extensions import db
from tests.dumas_public_helpers import load_categories, submit_ok
from tests.jobs.redis_helpers import free_port, hanging_smtp
from tests.smtp_server import Inbox, body_text, running_smtp


def _failed(app) -> list[FailedJob]:
    with app.app_context():
        rows = db.session.scalars(select(FailedJob).order_by(FailedJob.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_sync_mode_a_dead_smtp_server_keeps_the_mail_as_a_failed_job(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    number, _code = submit_ok(app.test_client(), load_categories(app)["pelayanan"])
    rows = _failed(app)
    assert [(r.name, r.attempts) for r in rows] == [("mail", 1)]
    assert "ConnectionRefusedError" in rows[0].error
    assert number in rows[0].arguments  # what it takes to send it again: the subject names the complaint


def test_thread_mode_answers_first_and_mails_after(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, JOBS_MODE="thread")
        number, _code = submit_ok(app.test_client(), load_categories(app)["pelayanan"])
        jobs.flush_pending(app)
        messages = smtp.wait_for(1)
    assert len(messages) == 1 and number in messages[0]["Subject"]
    assert messages[0]["To"] == "siti@contoh.example"


def test_thread_mode_retries_with_backoff_until_the_server_comes_back(app_factory):
    port = free_port()
    hanging = hanging_smtp(port)  # takes the connection, never greets: a client waits its whole timeout
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=8, JOBS_MODE="thread",
                      JOBS_RETRY_INTERVALS=(1, 1, 1, 1, 1))
    started = time.monotonic()
    submit_ok(app.test_client(), load_categories(app)["pelayanan"])
    assert time.monotonic() - started < 6  # the request does not wait the 8 s out
    inbox = Inbox()
    time.sleep(0.5)
    hanging.close()  # the waiting try is reset; the server comes back
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        jobs.flush_pending(app, timeout=15)
        assert len(inbox.wait_for(1, timeout=5)) == 1
    finally:
        controller.stop()
    assert _failed(app) == []


def test_redis_down_runs_the_job_in_process_and_the_request_succeeds(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, JOBS_MODE="auto",
                          REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
        assert jobs.mode(app) == "rq"
        number, _code = submit_ok(app.test_client(), load_categories(app)["pelayanan"])
        jobs.flush_pending(app)
        messages = smtp.wait_for(1)
    assert len(messages) == 1 and number in messages[0]["Subject"]


def test_failed_jobs_page_is_for_admins_only(app, client, login_as):
    for role in ("dumas", "editor", "pimpinan", "wbs"):
        login_as(role)
        assert client.get("/admin/antrean").status_code == 403, role
        client.post("/admin/logout")


def test_admin_sees_retries_and_deletes_failed_jobs(app_factory, make_user, auth):
    port = free_port()
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    client = app.test_client()
    submit_ok(client, load_categories(app)["pelayanan"])
    submit_ok(client, load_categories(app)["pelayanan"], reporter_email="budi@contoh.example")
    first, second = _failed(app)
    from tests.conftest import AuthActions

    with app.app_context():
        from portal.accounts import service as accounts
        from tests.conftest import PASSWORD

        accounts.create_user(db.session, "antrean@uji.example", PASSWORD, ["admin"])
        db.session.commit()
    AuthActions(client).login("antrean@uji.example")
    AuthActions(client).second_factor("antrean@uji.example")
    page = client.get("/admin/antrean")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'id="job-{first.id}"' in html and f'id="job-{second.id}"' in html
    assert "siti@contoh.example" not in html and "ConnectionRefusedError" in html  # no content

    # the server is back: "run again" sends it and forgets the row
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        response = client.post(f"/admin/antrean/{first.id}/ulang")
        assert response.status_code == 302
        messages = inbox.wait_for(1)
    finally:
        controller.stop()
    assert len(messages) == 1 and messages[0]["To"] == "siti@contoh.example"
    assert "Kode akses" in body_text(messages[0]) or body_text(messages[0])
    assert [r.id for r in _failed(app)] == [second.id]

    # delete: a confirmation page first (GET writes nothing), then the POST
    confirm = client.get(f"/admin/antrean/{second.id}/hapus")
    assert confirm.status_code == 200 and "Ya, hapus" in confirm.get_data(as_text=True)
    assert len(_failed(app)) == 1
    assert client.post(f"/admin/antrean/{second.id}/hapus").status_code == 302
    assert _failed(app) == []
    assert client.post(f"/admin/antrean/{second.id}/hapus").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("jobs.%"))
                                     .order_by(AuditLog.id)).all()
        assert actions == ["jobs.retry", "jobs.delete"]
        assert db.session.scalar(select(func.count()).select_from(FailedJob)) == 0


def test_a_retry_that_fails_again_is_kept_again(app_factory, login_as):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    client = app.test_client()
    submit_ok(client, load_categories(app)["pelayanan"])
    (row,) = _failed(app)
    from tests.conftest import PASSWORD, AuthActions

    with app.app_context():
        from portal.accounts import service as accounts

        accounts.create_user(db.session, "antrean2@uji.example", PASSWORD, ["admin"])
        db.session.commit()
    AuthActions(client).login("antrean2@uji.example")
    AuthActions(client).second_factor("antrean2@uji.example")
    response = client.post(f"/admin/antrean/{row.id}/ulang", follow_redirects=True)
    assert "gagal lagi" in response.get_data(as_text=True)
    (again,) = _failed(app)
    assert again.name == "mail" and again.arguments == row.arguments and again.failed_at >= row.failed_at


def test_unknown_job_names_are_refused_at_once(app):
    import pytest

    with app.app_context(), pytest.raises(LookupError):
        jobs.enqueue("no-such-job")


def test_enqueue_runs_a_scheduled_command_as_a_job(app, runner):
    result = runner.invoke(args=["enqueue", "wbs-purge", "--older-than-days", "30"])
    assert result.exit_code == 0 and "wbs-purge masuk antrean." in result.output, result.output
    assert _failed(app) == []
    # a scheduled command that fails (no mail server for the digest) is kept, with its arguments
    failing = runner.invoke(args=["enqueue", "zi-digest", "--hari", "7"])
    assert failing.exit_code == 0, failing.output
    (row,) = _failed(app)
    assert row.name == "command" and row.arguments == '["zi-digest", "--hari", "7"]'
    refused = runner.invoke(args=["enqueue", "init"])
    assert refused.exit_code != 0


def test_worker_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "PORTAL_REDIS_URL belum diatur" in result.output


def test_enqueue_without_redis_runs_the_command_here_once(app_factory):
    app = app_factory(JOBS_MODE="thread")
    result = app.test_cli_runner().invoke(args=["enqueue", "wbs-purge"])
    assert result.exit_code == 0 and "wbs-purge selesai." in result.output, result.output
    failing = app.test_cli_runner().invoke(args=["enqueue", "zi-digest"])
    assert failing.exit_code != 0 and "/admin/antrean" in failing.output
    assert [(r.name, r.attempts) for r in _failed(app)] == [("command", 1)]


def test_thread_mode_keeps_the_job_after_its_last_try(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), JOBS_MODE="thread",
                      JOBS_RETRY_INTERVALS=(0, 1))
    submit_ok(app.test_client(), load_categories(app)["pelayanan"])
    jobs.flush_pending(app, timeout=15)
    assert [(r.name, r.attempts) for r in _failed(app)] == [("mail", 3)]


def test_a_large_audit_export_is_built_by_a_job_for_its_requester_only(app_factory):
    from tests.conftest import PASSWORD, AuthActions

    app = app_factory(EXPORT_INLINE_ROWS=2)
    with app.app_context():
        from portal.accounts import service as accounts
        from portal.core import audit

        boss = accounts.create_user(db.session, "ekspor@uji.example", PASSWORD, ["pimpinan"])
        accounts.create_user(db.session, "lain@uji.example", PASSWORD, ["pimpinan"])
        for _ in range(3):
            audit.record(db.session, boss, "audit.export", object_type="audit_log", format="csv")
        db.session.commit()
    client = app.test_client()
    AuthActions(client).login("ekspor@uji.example")
    small = client.get("/admin/audit.csv?aksi=auth.")  # within the limit: the file at once
    assert small.status_code == 200 and small.headers["Content-Type"].startswith("text/csv")
    answer = client.get("/admin/audit.csv")
    assert answer.status_code == 302 and "/admin/unduhan/" in answer.headers["Location"]
    page = client.get(answer.headers["Location"])  # the job ran (at once under TESTING): the file
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    assert page.data.startswith(b"\xef\xbb\xbf") and "user.create" in page.get_data(as_text=True)
    with app.app_context():
        logged = db.session.scalar(select(func.count()).select_from(AuditLog))
    # the head and every row but the big export's own entry (recorded after the table was read)
    assert len(page.get_data(as_text=True).strip().splitlines()) == 1 + logged - 1
    other = app.test_client()
    AuthActions(other).login("lain@uji.example")
    assert other.get(answer.headers["Location"]).status_code == 404
    assert client.get("/admin/unduhan/tidak-ada").status_code == 404


def test_a_large_export_not_built_yet_shows_the_waiting_page(app, client, login_as):
    user = login_as("pimpinan")
    with app.app_context():
        from portal.core.models.job import ExportFile

        db.session.add(ExportFile(token="menunggu-token", user_id=user.id, filename="log-audit.csv"))
        db.session.commit()
    page = client.get("/admin/unduhan/menunggu-token")
    assert page.status_code == 200 and 'id="export-waiting"' in page.get_data(as_text=True)
