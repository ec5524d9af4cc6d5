"""`flask --app portal zi-digest`: e-mail each ZI team what is due in the next 30 days and what is overdue.

Run it from cron, e.g. every Monday 07:00 WIB:

    0 7 * * 1  cd /srv/portal && .venv/bin/flask --app portal zi-digest --base-url https://zi.example.go.id

Each active member of a team with something due or overdue gets one message for that team (a member of two
teams gets two). Nothing is sent when MAIL_SERVER is not set; `--dry-run` prints the messages instead.
"""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.action_plan import service as action_plan
from portal.core import links, site_settings
from portal.core.mailer import send_mail
from portal.extensions import db
from portal.zi import service as zi
from portal.zi.admin import grace_days


@click.command("zi-digest")
@click.option("--tahun", "year", type=int, default=None, help="Tahun rencana aksi (bawaan: tahun berjalan)")
@click.option("--hari", "days", type=click.IntRange(1, 366), default=zi.DUE_SOON_DAYS, show_default=True,
              help="Jatuh tempo dalam berapa hari ke depan")
@click.option("--tanggal", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Hitung per tanggal ini (YYYY-MM-DD; bawaan: hari ini WIB)")
@click.option("--base-url", default="", help="Alamat portal untuk tautan di surel, mis. https://zi.example.go.id")
@click.option("--dry-run", is_flag=True, help="Tampilkan pesan tanpa mengirim")
@with_appcontext
def zi_digest(year: int | None, days: int, on, base_url: str, dry_run: bool) -> None:
    """E-mail each ZI team its due and overdue action-plan evidence."""
    today: date = on.date() if on else zi.today()
    years = action_plan.years(db.session)
    if year is None:
        year = today.year if today.year in years else (years[0] if years else None)
    if year is None or year not in years:
        raise click.ClickException("Rencana aksi tahun itu belum dimuat.")
    zi.ensure_teams(db.session)
    db.session.commit()
    base_url = (base_url or links.base_url()).rstrip("/")
    messages = zi.digest_messages(
        db.session, year, on=today, grace_days=grace_days(), days=days,
        dashboard_url=f"{base_url}/admin/zi" if base_url else "",
        office_name=site_settings.get_all(db.session).get("office_name", ""))
    if not messages:
        click.echo("Tidak ada tim dengan bukti yang jatuh tempo atau terlambat.")
        return
    if not dry_run and not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException(
            "MAIL_SERVER belum diatur (PORTAL_MAIL_SERVER); gunakan --dry-run untuk melihat isi.")
    for message in messages:
        label = zi.team_label(message.team.name)
        if dry_run:
            click.echo(f"--- {label} -> {', '.join(message.recipients)}\n"
                       f"Subjek: {message.subject}\n{message.body}\n")
            continue
        sent = sum(send_mail(current_app.config, to, message.subject, message.body)
                   for to in message.recipients)
        click.echo(f"{label}: {sent} dari {len(message.recipients)} surel terkirim.")
