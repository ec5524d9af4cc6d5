"""Account commands (declared in portal/accounts/__init__.py).

`flask --app portal create-user EMAIL --role ROLE`: create a staff account.
`flask --app portal grant-role EMAIL ROLE`: give a role from the server's command line. This is the one way,
besides a second admin's approval in the admin pages, to grant `wbs` or `admin`; it is audited and announced
to the WBS team like an approved grant (portal/accounts/role_grants.py)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.accounts import role_grants
from portal.accounts import service as accounts
from portal.core.errors import DomainError
from portal.extensions import db


@click.command("grant-role")
@click.argument("email")
@click.argument("role")
@with_appcontext
def grant_role_command(email: str, role: str) -> None:
    """Give ROLE (admin, dumas, wbs, editor, pimpinan, ppid) to the account EMAIL."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        raise click.ClickException("Pengguna tidak ditemukan.")
    try:
        announcement = role_grants.grant_directly(db.session, user, role.strip().lower())
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    sent = announcement.send(current_app.config)
    click.echo(f"Peran {role} diberikan kepada {user.email}. "
               f"Pemberitahuan ke Tim WBS: {sent} e-mail terkirim.")



@click.command("create-user")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              help="admin, dumas, wbs, editor, pimpinan, ppid (repeatable)")
@click.option("--name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(email: str, roles: tuple[str, ...], name: str, password: str) -> None:
    """Create a staff account."""
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


@click.command("import-staff")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_staff_command(file: str) -> None:
    """Create or update staff accounts (role pegawai) from a CSV: name,email[,nip,jabatan,unit]."""
    from portal.accounts import staff_import

    try:
        with open(file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError as err:
        raise click.ClickException("Berkas bukan teks UTF-8.") from err
    try:
        result = staff_import.import_staff(db.session, text)
        db.session.commit()
    except staff_import.ImportErrors as err:
        db.session.rollback()
        for line, message in err.lines:
            click.echo(f"Baris {line}: {message}" if line else message, err=True)
        raise click.ClickException(err.message) from err
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    click.echo(f"{len(result.created)} akun baru, {len(result.updated)} diperbarui, "
               f"{len(result.unchanged)} tidak berubah.")
    if result.created:
        click.echo("Akun baru belum punya kata sandi (tidak ada kata sandi yang dicetak atau dicatat). "
                   "Portal belum punya alur \"lupa kata sandi\": admin mengatur kata sandi awal di "
                   "/admin/pengguna dan menyampaikannya kepada pegawai, yang lalu menggantinya sendiri.")
