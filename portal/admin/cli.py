"""`flask --app portal backup [DEST]` and `flask --app portal restore ARCHIVE`
(the logic is portal/admin/backup.py).

    flask --app portal backup                         -> instance/backups/portal-backup-<UTC time>.tar.gz
    flask --app portal backup /srv/cadangan/          -> a dated archive in that folder
    flask --app portal backup /srv/cadangan/x.tar.gz --no-keys
    flask --app portal restore /srv/cadangan/x.tar.gz            (into an empty instance only)
    flask --app portal restore x.tar.gz --force                  (replace a non-empty instance)
    flask --app portal check-uploads [--delete-orphans]          files without rows, rows without files
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect

from portal.admin import backup as service
from portal.extensions import db


@click.command("backup")
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option("--no-keys", is_flag=True,
              help="Tanpa SECRET_KEY dan kunci WBS (simpan kunci terpisah: docs/wbs-keys.md).")
@with_appcontext
def backup_command(dest: Path | None, no_keys: bool) -> None:
    """Back up the database (one consistent snapshot), the upload folder and the keys into one .tar.gz."""
    instance = Path(current_app.instance_path)
    target = dest or instance / "backups"
    if dest is None:
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        result = service.create_backup(db.engine, db.metadata, current_app.config, instance, target,
                                       include_keys=not no_keys)
    except service.BackupError as err:
        raise click.ClickException(err.message) from err
    m = result.manifest
    rows = sum(t["rows"] for t in m["tables"].values())
    size = result.path.stat().st_size
    click.echo(f"Cadangan ditulis: {result.path} ({size / 1024 / 1024:.1f} MB, mode 0600)")
    database = m["database"]
    click.echo(f"  basis data {database['backend']} (revisi skema {database['alembic_revision'] or '-'}, "
               f"{database['snapshot']}): {len(m['tables'])} tabel, {rows} baris")
    click.echo(f"  berkas unggahan: {m['upload_files']}")
    if m["keys"]["included"]:
        click.echo(f"  kunci: SECRET_KEY, kunci WBS (sidik {m['keys']['wbs_key_fingerprint'] or '-'})")
        click.echo("  Arsip ini memuat kunci: siapa pun yang memegangnya dapat membaca laporan WBS. "
                   "Simpan terenkripsi dan terbatas.")
    else:
        click.echo("  tanpa kunci (--no-keys): pastikan SECRET_KEY dan kunci WBS dicadangkan terpisah.")
    for warning in m["warnings"]:
        click.echo(f"  PERINGATAN: {warning}", err=True)


def _ensure_schema() -> None:
    """An empty database gets the schema from the migrations; tables still missing (a model whose
    migration is not written yet, development only) are created from the models, with a note."""
    from flask_migrate import upgrade

    names = set(inspect(db.engine).get_table_names())
    if not names & set(db.metadata.tables):
        upgrade()
    missing = sorted(set(db.metadata.tables) - set(inspect(db.engine).get_table_names()))
    if missing:
        click.echo("  tabel tanpa migrasi dibuat dari model: " + ", ".join(missing), err=True)
        db.metadata.create_all(db.engine, tables=[db.metadata.tables[n] for n in missing])


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Timpa instance yang tidak kosong (baris dihapus; folder unggahan dan kunci lama "
                   "dipindahkan).")
@click.option("--other-revision", is_flag=True,
              help="Terima arsip dari revisi skema lain (kolom tetap dicek).")
@with_appcontext
def restore_command(archive: Path, force: bool, other_revision: bool) -> None:
    """Restore a backup archive into an empty instance, then check the row counts and files."""
    db.session.remove()
    try:
        result = service.restore_archive(
            db.engine, db.metadata, current_app.config, Path(current_app.instance_path), archive,
            force=force, ensure_schema=_ensure_schema, allow_other_revision=other_revision)
    except service.BackupError as err:
        raise click.ClickException(err.message) from err
    current_app.extensions.pop("portal_wbs_cipher", None)
    m = result.manifest
    click.echo(f"Dipulihkan dari {archive} (dibuat {m['created_at']}, {m['database']['backend']}).")
    rows = sum(result.counts.values())
    click.echo(f"  {len(result.counts)} tabel, {rows} baris: jumlah cocok dengan manifest")
    click.echo(f"  {result.files} berkas unggahan: sha256 cocok dengan manifest")
    for note in result.notes:
        click.echo(f"  {note}")
    from portal.wbs.crypto import WbsKeyError, load_cipher

    try:
        cipher = load_cipher(current_app.config, db.session, create=False)
        db.session.rollback()
        click.echo(f"  kunci WBS cocok dengan basis data (sidik {cipher.fingerprint})")
    except WbsKeyError as err:
        db.session.rollback()
        if m["keys"].get("database_wbs_fingerprint"):
            click.echo(f"  PERINGATAN: {err}", err=True)



@click.command("check-uploads")
@click.option("--delete-orphans", is_flag=True,
              help="Hapus berkas yatim (tanpa baris) yang lebih tua dari batas umur.")
@click.option("--min-age-minutes", type=int, default=60, show_default=True,
              help="Berkas yang lebih muda dari ini tidak disentuh "
                   "(mungkin pengiriman yang sedang berjalan).")
@with_appcontext
def check_uploads_command(delete_orphans: bool, min_age_minutes: int) -> None:
    """Files without a row (left by a killed process) and rows without their file."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    result = service.check_uploads(db.engine, folder, min_age_seconds=min_age_minutes * 60)
    click.echo(f"{result.referenced} berkas dirujuk basis data; {len(result.orphans)} berkas yatim; "
               f"{result.young} berkas baru belum dirujuk (diabaikan); {len(result.missing)} berkas hilang.")
    for name in result.missing:
        click.echo(f"  HILANG: {name}", err=True)
    for path in result.orphans:
        if delete_orphans:
            path.unlink(missing_ok=True)
            click.echo(f"  dihapus: {path.relative_to(folder)}")
        else:
            click.echo(f"  yatim: {path.relative_to(folder)}")
    if result.missing:
        raise SystemExit(1)
