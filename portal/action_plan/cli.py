"""`flask --app portal import-action-plan PATH`: load a Rencana Aksi decree (declared in
portal/action_plan/__init__.py)."""
from __future__ import annotations

from collections import Counter

import click
from flask.cli import with_appcontext

from portal.action_plan import service as action_plan
from portal.core.errors import DomainError
from portal.extensions import db


@click.command("import-action-plan")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=None, help="Store under this year instead of the one in the title")
@click.option("--dry-run", is_flag=True, help="Parse and show the rows per area without saving")
@with_appcontext
def import_action_plan_command(path: str, year: int | None, dry_run: bool) -> None:
    """Parse a Rencana Aksi decree text (tab-separated table) and replace the plan of its year."""
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
        click.echo(f"Uji coba: {len(plan.rows)} kegiatan terbaca untuk tahun {result.year}; "
                   "tidak ada yang disimpan.")
        return
    db.session.commit()
    click.echo(
        f"Rencana aksi {result.year}: {result.total} kegiatan (baru {result.added}, diubah {result.updated}, "
        f"tetap {result.unchanged}, dihapus {result.removed})."
    )
