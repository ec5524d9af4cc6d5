"""WBS commands: key backup and check, retention purge (declared in portal/wbs/__init__.py):

    flask --app portal wbs-key-export /media/usb/wbs.key     back the key up (see docs/wbs-keys.md)
    flask --app portal wbs-key-check                          does the installed key match the database?
    flask --app portal wbs-purge --older-than-days 730        wipe reports closed longer ago than that
    flask --app portal wbs-files-to-db                        legacy files (UPLOAD_FOLDER/wbs) into the db
"""
from __future__ import annotations

import base64
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.core.errors import DomainError
from portal.extensions import db
from portal.wbs import service
from portal.wbs.crypto import WbsKeyError, load_cipher, read_master_key, write_key_file


def ensure_key(session) -> str:
    """At `flask init`: create instance/wbs.key (0600) if no key is configured, record its fingerprint."""
    existed = read_master_key(current_app.config)[0] is not None
    cipher = load_cipher(current_app.config, session)
    where = "PORTAL_WBS_KEY" if current_app.config.get("WBS_KEY") else current_app.config["WBS_KEY_FILE"]
    state = "dipakai" if existed else "dibuat"
    return f"kunci WBS {state} ({where}, sidik {cipher.fingerprint}); cadangkan dengan `flask wbs-key-export`"


@click.command("wbs-key-export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def key_export(path: str) -> None:
    """Copy the WBS key to PATH (mode 0600, never overwrites). Keep it apart from database backups."""
    try:
        master, _source = read_master_key(current_app.config)
        if master is None:
            raise WbsKeyError("Belum ada kunci WBS. Jalankan `flask --app portal init` terlebih dahulu.")
        cipher = load_cipher(current_app.config, db.session, create=False)
        db.session.commit()
    except WbsKeyError as err:
        raise click.ClickException(str(err)) from err
    target = Path(path)
    try:
        write_key_file(target, base64.urlsafe_b64encode(master).decode("ascii"))
    except FileExistsError as err:
        raise click.ClickException(f"{target} sudah ada; pilih nama lain (kunci tidak ditimpa).") from err
    click.echo(f"Kunci WBS (sidik {cipher.fingerprint}) disalin ke {target} (mode 0600).")
    click.echo("Simpan salinan ini terpisah dari cadangan basis data, misalnya di media lepas yang dikunci.")


@click.command("wbs-key-check")
@with_appcontext
def key_check() -> None:
    """Check that the configured key is the one the database was encrypted with."""
    try:
        cipher = load_cipher(current_app.config, db.session, create=False)
        db.session.commit()
    except WbsKeyError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Kunci WBS cocok dengan basis data (sidik {cipher.fingerprint}).")


@click.command("wbs-purge")
@click.option("--older-than-days", type=int, default=None,
              help="Hapus isi laporan yang ditutup lebih dari N hari lalu (bawaan: WBS_RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Hanya hitung, tidak menghapus.")
@with_appcontext
def purge(older_than_days: int | None, dry_run: bool) -> None:
    """Retention: wipe the content of closed WBS reports (counts for the recaps are kept)."""
    days = current_app.config["WBS_RETENTION_DAYS"] if older_than_days is None else older_than_days
    upload_folder = current_app.config["UPLOAD_FOLDER"]
    try:
        count = service.purge_closed(db.session, upload_folder, older_than_days=days)
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(err.message) from err
    if dry_run:
        db.session.rollback()
        db.session.info.pop("wbs_files_to_delete", None)
        click.echo(f"{count} laporan WBS akan dihapus isinya (ditutup lebih dari {days} hari lalu).")
        return
    wiped = db.session.info.pop("wbs_attachments_purged", 0)
    db.session.commit()
    service.delete_purged_files(db.session, upload_folder)
    click.echo(f"{count} laporan WBS dihapus isinya ({wiped} berkas), ditutup lebih dari {days} hari lalu.")


@click.command("wbs-files-to-db")
@with_appcontext
def files_to_db() -> None:
    """Move WBS attachments stored as files before migration 0004 (UPLOAD_FOLDER/wbs/) into the database.

    The ciphertext is copied as it is (no key needed), committed, then the file is deleted. Run once after
    `flask db upgrade`; running it again does nothing. The emptied folder is removed."""
    upload_folder = current_app.config["UPLOAD_FOLDER"]
    result = service.move_legacy_files(db.session, upload_folder)
    folder = Path(upload_folder) / "wbs"
    removed_folder = False
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        removed_folder = True
    click.echo(f"{result.moved} lampiran WBS dipindahkan ke basis data; {result.deleted} berkas lama dihapus"
               + ("; folder wbs/ yang kosong dihapus." if removed_folder else "."))
    if result.missing:
        click.echo(f"PERINGATAN: {len(result.missing)} berkas tidak ditemukan di {folder} "
                   f"(baris dibiarkan): {', '.join(result.missing[:10])}", err=True)
