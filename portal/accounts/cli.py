"""`flask --app portal grant-role EMAIL ROLE`: give a role from the server's command line. This is the one way,
besides a second admin's approval in the admin pages, to grant `wbs` or `admin`; it is audited and announced
to the WBS team like an approved grant (portal/accounts/role_grants.py)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.accounts import role_grants
from portal.accounts import service as accounts
from portal.accounts.views import bp
from portal.core.errors import DomainError
from portal.extensions import db


@click.command("grant-role")
@click.argument("email")
@click.argument("role")
@with_appcontext
def grant_role_command(email: str, role: str) -> None:
    """Give ROLE (admin, dumas, wbs, editor, pimpinan) to the account EMAIL."""
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
    click.echo(f"Peran {role} diberikan kepada {user.email}. Pemberitahuan ke Tim WBS: {sent} e-mail terkirim.")


@bp.record_once
def _register_cli(state) -> None:
    state.app.cli.add_command(grant_role_command)
