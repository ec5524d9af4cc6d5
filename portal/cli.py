"""Flask commands: init, create-user, demo-data."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import inspect

from portal.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(import_action_plan_command)
    from portal.admin import backup_cli as backup  # backup / restore (portal/admin/backup_cli.py)

    backup.register(app)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema (Alembic) and load the default content."""
    from flask_migrate import upgrade

    from portal.core import defaults

    upgrade()
    missing = sorted(set(db.metadata.tables) - set(inspect(db.engine).get_table_names()))
    if missing:  # a model without its migration: say so instead of failing later with "no such table"
        raise click.ClickException(
            "Skema database belum lengkap setelah migrasi; tabel tanpa migrasi Alembic: " + ", ".join(missing)
            + ". Buat migrasinya dengan `flask --app portal db migrate -m \"...\"` lalu jalankan init lagi."
        )
    for line in defaults.load_all(db.session):
        click.echo(line)
    db.session.commit()
    click.echo("Database siap.")


@click.command("create-user")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, help="admin, dumas, wbs, editor, pimpinan (repeatable)")
@click.option("--name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(email: str, roles: tuple[str, ...], name: str, password: str) -> None:
    """Create a staff account."""
    from flask import current_app

    from portal.accounts import role_grants
    from portal.accounts import service as accounts
    from portal.core.errors import DomainError

    try:
        user = accounts.create_user(db.session, email, password, list(roles), name=name)
        announcements = role_grants.announce_new_account(db.session, user)  # wbs/admin: tell the WBS team
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    for announcement in announcements:
        announcement.send(current_app.config)
    click.echo(f"Pengguna {user.email} dibuat dengan peran: {user.roles}")


@click.command("demo-data")
@click.option("--password", default="demo-portal-2026", show_default=True, help="Password for every demo account")
@with_appcontext
def demo_data_command(password: str) -> None:
    """Fill a demo: one account per role, plus realistic sample cases, reports and responses."""
    from portal.core import demo

    for line in demo.load(db.session, password):
        click.echo(line)
    db.session.commit()


@click.command("import-action-plan")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=None, help="Store under this year instead of the one in the title")
@click.option("--dry-run", is_flag=True, help="Parse and show the rows per area without saving")
@with_appcontext
def import_action_plan_command(path: str, year: int | None, dry_run: bool) -> None:
    """Parse a Rencana Aksi decree text (tab-separated table) and replace the plan of its year."""
    from collections import Counter

    from portal.action_plan import service as action_plan
    from portal.core.errors import DomainError

    try:
        plan, result = action_plan.import_file(db.session, path, year=year)
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    per_area = Counter(row.area_code for row in plan.rows)
    for code, n in per_area.items():
        click.echo(f"  area {code}: {n} kegiatan")
    for warning in plan.warnings:
        click.echo(f"  peringatan: {warning}", err=True)
    if dry_run:
        db.session.rollback()
        click.echo(f"Uji coba: {len(plan.rows)} kegiatan terbaca untuk tahun {result.year}; tidak ada yang disimpan.")
        return
    db.session.commit()
    click.echo(
        f"Rencana aksi {result.year}: {result.total} kegiatan (baru {result.added}, diubah {result.updated}, "
        f"tetap {result.unchanged}, dihapus {result.removed})."
    )
