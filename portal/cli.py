"""The app's own commands: `flask init` and `flask demo-data`, the runners of what the features declare
(portal/core/registry.py). Every other command is declared by its feature."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import inspect

from portal.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(enqueue_command)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema (Alembic) and load the default content."""
    from flask_migrate import upgrade

    from portal.core import registry

    upgrade()
    missing = sorted(set(db.metadata.tables) - set(inspect(db.engine).get_table_names()))
    if missing:  # a model without its migration: say so instead of failing later with "no such table"
        raise click.ClickException(
            "Skema database belum lengkap setelah migrasi; tabel tanpa migrasi Alembic: " + ", ".join(missing)
            + ". Buat migrasinya dengan `flask --app portal db migrate -m \"...\"` lalu jalankan init lagi."
        )
    for line in registry.run_loaders(db.session):
        click.echo(line)
    db.session.commit()
    click.echo("Database siap.")


@click.command("demo-data")
@click.option("--password", default="demo-portal-2026", show_default=True,
              help="Password for every demo account")
@with_appcontext
def demo_data_command(password: str) -> None:
    """Fill a demo: one account per role, plus realistic sample cases, reports and responses."""
    from portal.core import demo

    for line in demo.load(db.session, password):
        click.echo(line)
    db.session.commit()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (tests, one-off runs)")
@click.option("--name", default=None, help="Worker name (default: host and process id)")
@with_appcontext
def worker_command(burst: bool, name: str | None) -> None:
    """Run the background jobs (e-mails, scheduled work) of the Redis queue (PORTAL_REDIS_URL)."""
    from flask import current_app
    from rq import SimpleWorker

    from portal.core import jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if jobs.mode(app) != "rq":
        raise click.ClickException(
            "PORTAL_REDIS_URL belum diatur: tanpa Redis pekerjaan berjalan di dalam proses portal sendiri.")
    jobs._worker_app = app
    db.engine.dispose()  # no connection shared with a parent process
    # SimpleWorker: jobs run in this process (no fork per job); the scheduler runs the delayed retries.
    worker = SimpleWorker([jobs._rq_queue(app)], connection=jobs.redis_connection(app, "JOBS_REDIS_URL"),
                          name=name)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


@click.command("enqueue", context_settings={"ignore_unknown_options": True})
@click.argument("command", type=click.Choice(["wbs-purge", "zi-digest"]))
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
@with_appcontext
def enqueue_command(command: str, arguments: tuple[str, ...]) -> None:
    """Queue a scheduled command as a job (with retries); for systemd timers (docs/deploy.md). Without Redis
    it runs here and now, once (a failure is kept at /admin/antrean), so the timer's unit does not wait for
    the retries."""
    from flask import current_app

    from portal.core import jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if jobs.mode(app) == "thread":
        ok = jobs._run_with_record(app, "command", [command, *arguments], {}, tries=1)
        if not ok:
            raise click.ClickException(f"{command} gagal; tercatat di /admin/antrean.")
        click.echo(f"{command} selesai.")
        return
    jobs.enqueue("command", command, *arguments)
    click.echo(f"{command} masuk antrean.")
