"""Backup and restore: the database, the uploaded files and the keys in one `.tar.gz` with a manifest.

Archive layout (format 1):

    manifest.json            versions, alembic revision, backend, row counts, size and sha256 of every file
    db/<table>.jsonl         one line of column names, then one JSON array per row (every table, in
                             dependency order)
    db/portal.sqlite         SQLite only: the byte copy made with the sqlite3 backup API
    uploads/<area>/<name>    the upload folder (DUMAS files, ZI evidence; legacy WBS ciphertext files only:
                             WBS attachments are encrypted blobs in wbs_attachments.data_enc, dumped
                             as base64 in db/wbs_attachments.jsonl)
    keys/secret_key          SECRET_KEY (DUMAS access codes are HMACs keyed by it)
    keys/wbs.key             the WBS master key (without it the WBS reports cannot be read)

Why a logical dump and not pg_dump: the rows are read through SQLAlchemy inside ONE read-only transaction
(PostgreSQL: REPEATABLE READ READ ONLY, the same snapshot isolation pg_dump uses; SQLite: a snapshot made
with the backup API, then read), so every table comes from the same instant. The dump is the same on both
backends, so a PostgreSQL backup restores into SQLite (and back) for disaster drills and laptop copies, and
it does not depend on the pg_dump binary matching the server's major version. The schema itself is not in
the archive: restore builds it from the code (Alembic), and refuses an archive from another schema revision.
For a very large database, keep a server-side `pg_dump -Fc` as well (docs/deploy.md).

Consistency between database and files: the snapshot is taken first, the files are read after it. A file
is always written before the row that names it is committed, so every row of the snapshot has its file;
a file added later is an orphan in the archive (harmless). Missing files are listed in the manifest.

Restore goes into an EMPTY instance only (no rows in any table, no file in the upload folder) unless
`force`; with `force` the rows are deleted in the same transaction and the old upload folder and key files
are moved aside, never deleted. It checks every file against its sha256 before touching the database,
inserts everything in one transaction, compares the row counts with the manifest before committing, then
moves the files into place and installs the keys.
"""
from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import logging
import os
import platform
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import sqlalchemy as sa
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import TypeDecorator

from portal.core.errors import DomainError

log = logging.getLogger("portal.backup")

FORMAT = "portal-backup"
FORMAT_VERSION = 1
BATCH = 1000
# Tables with binary columns (WBS attachments: encrypted files of up to 10 MB each, kept in the database)
# are streamed and inserted a few rows at a time, so neither backup nor restore holds 1000 files in memory.
BLOB_BATCH = 8
# Rows that name a stored file: (table, upload area, column); used to check the archive is complete.
FILE_REFERENCES = (
    ("complaint_attachments", "dumas", "stored_name"),
    ("wbs_attachments", "wbs", "stored_name"),
    ("zi_evidence", "zi", "stored_name"),
)


class BackupError(DomainError):
    """A backup or restore could not be done (Indonesian message, nothing was changed)."""


# --- values ---------------------------------------------------------------------------------------------

def _base_type(column: sa.Column) -> sa.types.TypeEngine:
    col_type = column.type
    while isinstance(col_type, TypeDecorator):
        col_type = col_type.impl if not isinstance(col_type.impl, type) else col_type.impl()
    return col_type


def encode_value(value: Any) -> Any:
    """A Python value from a row as JSON (dates and times as ISO 8601, bytes as base64, decimals as text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (dict, list)):
        return value
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def decode_value(column: sa.Column, value: Any) -> Any:
    """The JSON value back as the Python value the column's type takes."""
    if value is None:
        return None
    base = _base_type(column)
    if isinstance(base, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(base, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(base, sa.Time):
        return dt.time.fromisoformat(value)
    if isinstance(base, sa.Interval):
        return dt.timedelta(seconds=value)
    if isinstance(base, sa.LargeBinary):
        return base64.b64decode(value)
    if isinstance(base, sa.Numeric) and not isinstance(base, sa.Float):
        return decimal.Decimal(value)
    return value


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading the database ----------------------------------------------------------------------------

def _tables(metadata: sa.MetaData) -> list[sa.Table]:
    return list(metadata.sorted_tables)


def _alembic_revision(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def _snapshot(engine: Engine) -> Iterator[tuple[Connection, dict[str, Any]]]:
    """A connection that sees one consistent state of the whole database, read-only.

    SQLite: the sqlite3 backup API copies the live database page by page into a temporary file (other
    writers are retried around it), and that copy is read. PostgreSQL: one REPEATABLE READ READ ONLY
    transaction, so every SELECT sees the snapshot taken at its first statement.
    """
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
            copy = Path(tmp) / "portal.sqlite"
            raw = engine.raw_connection()
            try:
                target = sqlite3.connect(copy)
                try:
                    raw.driver_connection.backup(target)
                finally:
                    target.close()
            finally:
                raw.close()
            copy_engine = create_engine(f"sqlite:///{copy}")
            try:
                with copy_engine.connect() as conn, conn.begin():
                    info = {"snapshot": "sqlite3 backup API", "server_version": sqlite3.sqlite_version,
                            "sqlite_copy": copy}
                    yield conn, info
            finally:
                copy_engine.dispose()
        return
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        info: dict[str, Any] = {"snapshot": "REPEATABLE READ READ ONLY" if options else "one transaction"}
        if engine.dialect.name == "postgresql":
            info["server_version"] = conn.execute(text("SHOW server_version")).scalar()
        yield conn, info


def _batch_size(table: sa.Table) -> int:
    return BLOB_BATCH if any(isinstance(_base_type(c), sa.LargeBinary) for c in table.columns) else BATCH


def _dump_table(conn: Connection, table: sa.Table, path: Path) -> tuple[int, list[str]]:
    columns = [c.name for c in table.columns]
    order = list(table.primary_key.columns) or list(table.columns)
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(columns, ensure_ascii=False) + "\n")
        result = conn.execution_options(stream_results=True, yield_per=_batch_size(table)).execute(
            select(*table.columns).order_by(*order))
        for row in result:
            values = [encode_value(v) for v in row]
            out.write(json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count, columns


def _versions() -> dict[str, str]:
    from importlib import metadata

    found = {"python": platform.python_version()}
    for name in ("portal-zi", "Flask", "SQLAlchemy", "alembic", "psycopg", "cryptography"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


# --- keys ----------------------------------------------------------------------------------------------

def _secret_key_source(config: Any, instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if path.exists() and path.read_text().strip() == str(config["SECRET_KEY"]):
        return "file"
    return "environment"


def _wbs_key(config: Any) -> tuple[str | None, str | None, str | None]:
    """(key text, source, fingerprint) of the configured WBS key, or Nones when there is none yet."""
    from portal.wbs.crypto import WbsCipher, read_master_key

    master, _path = read_master_key(config)
    if master is None:
        return None, None, None
    source = "environment" if config.get("WBS_KEY") else "file"
    return base64.urlsafe_b64encode(master).decode("ascii"), source, WbsCipher.from_master(master).fingerprint


# --- backup --------------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]


class _HashingReader:
    """Reads a file for tarfile while computing its sha256 (each file is read once)."""

    def __init__(self, fh):
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, arcname: str, files: dict[str, dict]) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = source.stat().st_size
    info.mode = 0o600
    info.mtime = int(source.stat().st_mtime)
    with open(source, "rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    files[arcname] = {"size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, data: bytes, arcname: str, files: dict[str, dict] | None) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))
    if files is not None:
        files[arcname] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def default_archive_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"portal-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def _archive_path(dest: Path) -> Path:
    """`dest` itself, or a dated name inside it when it is a directory; never an existing file."""
    dest = Path(dest)
    if dest.is_dir() or str(dest).endswith(os.sep):
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / default_archive_name()
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        raise BackupError("%(path)s sudah ada; arsip cadangan tidak ditimpa.", path=str(dest))
    return dest


@dataclass
class _ArchiveWriter:
    """The archive being written: its members with size and sha256, and the warnings for the manifest."""

    tar: tarfile.TarFile
    files: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add_file(self, source: Path, arcname: str) -> None:
        _add_file(self.tar, source, arcname, self.files)

    def add_bytes(self, data: bytes, arcname: str) -> None:
        _add_bytes(self.tar, data, arcname, self.files)


@dataclass
class _DatabaseDump:
    tables: dict[str, dict]
    database: dict[str, Any]
    referenced: dict[str, set[str]]  # upload area -> file names the rows name
    wbs_fingerprint: str | None  # the WBS key fingerprint the database recorded


def _referenced_files(conn: Connection, tables: dict[str, dict]) -> dict[str, set[str]]:
    referenced: dict[str, set[str]] = {}
    for table_name, area, column in FILE_REFERENCES:
        if table_name in tables:
            # bandit B608: table and column names come from FILE_REFERENCES (a constant), not input
            names = conn.execute(text(
                f'SELECT "{column}" FROM "{table_name}" WHERE "{column}" <> \'\'')).scalars()  # nosec B608
            referenced.setdefault(area, set()).update(names)
    return referenced


def _dump_database(engine: Engine, metadata: sa.MetaData, out: _ArchiveWriter, staging: str) -> _DatabaseDump:
    """Every table from one snapshot into db/<table>.jsonl (and the SQLite byte copy)."""
    tables: dict[str, dict] = {}
    with _snapshot(engine) as (conn, info):
        existing = set(inspect(conn).get_table_names())
        revision = _alembic_revision(conn)
        for table in _tables(metadata):
            if table.name not in existing:
                out.warnings.append(f"tabel {table.name} tidak ada di basis data; tidak dicadangkan")
                continue
            path = Path(staging) / f"{table.name}.jsonl"
            count, columns = _dump_table(conn, table, path)
            tables[table.name] = {"rows": count, "columns": columns}
            out.add_file(path, f"db/{table.name}.jsonl")
            path.unlink()
        referenced = _referenced_files(conn, tables)
        recorded_fp = None
        if "settings" in existing:
            recorded_fp = conn.execute(
                text("SELECT value FROM settings WHERE key = 'wbs_key_fingerprint'")).scalar()
        if info.get("sqlite_copy"):
            out.add_file(info["sqlite_copy"], "db/portal.sqlite")
    database = {
        "backend": engine.dialect.name, "server_version": info.get("server_version"),
        "snapshot": info["snapshot"], "alembic_revision": revision,
    }
    return _DatabaseDump(tables, database, referenced, recorded_fp)


def _add_uploads(out: _ArchiveWriter, upload_folder: Path) -> int:
    """The upload folder (read after the snapshot) under uploads/; symbolic links are left out."""
    count = 0
    if upload_folder.exists():
        for path in sorted(upload_folder.rglob("*")):
            rel = path.relative_to(upload_folder).as_posix()
            if path.is_symlink():
                out.warnings.append(f"tautan simbolik dilewati: uploads/{rel}")
                continue
            if not path.is_file():
                continue
            out.add_file(path, f"uploads/{rel}")
            count += 1
    return count


def _add_keys(out: _ArchiveWriter, config: Any, instance_path: Path, recorded_fp: str | None,
              include_keys: bool) -> dict[str, Any]:
    """keys/secret_key and keys/wbs.key (unless `include_keys` is off); where they came from, for the
    manifest."""
    wbs_text, wbs_source, wbs_fp = _wbs_key(config)
    keys: dict[str, Any] = {
        "included": include_keys,
        "secret_key_source": _secret_key_source(config, instance_path),
        "wbs_key_source": wbs_source,
        "wbs_key_fingerprint": wbs_fp,
        "database_wbs_fingerprint": recorded_fp,
    }
    if recorded_fp and wbs_fp and recorded_fp != wbs_fp:
        out.warnings.append(
            f"kunci WBS terpasang (sidik {wbs_fp}) bukan kunci basis data (sidik {recorded_fp})")
    if recorded_fp and not wbs_fp:
        out.warnings.append("basis data memakai kunci WBS tetapi kunci tidak ditemukan")
    if include_keys:
        out.add_bytes((str(config["SECRET_KEY"]) + "\n").encode(), "keys/secret_key")
        if wbs_text:
            out.add_bytes((wbs_text + "\n").encode(), "keys/wbs.key")
    return keys


def _write_archive(raw, engine: Engine, metadata: sa.MetaData, config: Any, instance_path: Path,
                   include_keys: bool) -> dict[str, Any]:
    """Write the whole archive to the open file `raw`; its manifest."""
    with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar, \
            tempfile.TemporaryDirectory(prefix="portal-dump-") as staging:
        out = _ArchiveWriter(tar)
        dump = _dump_database(engine, metadata, out, staging)  # 1. the database, from one snapshot
        upload_count = _add_uploads(out, Path(config["UPLOAD_FOLDER"]))  # 2. the files, after it
        missing = sorted(
            f"uploads/{area}/{name}" for area, names in dump.referenced.items() for name in names
            if f"uploads/{area}/{name}" not in out.files)
        if missing:
            out.warnings.append(f"{len(missing)} berkas yang dirujuk basis data tidak ada di folder unggahan")
        keys = _add_keys(out, config, instance_path, dump.wbs_fingerprint, include_keys)  # 3. the keys
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": _versions(), "database": dump.database, "tables": dump.tables,
            "upload_files": upload_count, "missing_files": missing, "keys": keys, "warnings": out.warnings,
            "files": out.files,
        }
        _add_bytes(tar, json.dumps(manifest, indent=2, ensure_ascii=False).encode(), "manifest.json", None)
    return manifest


def create_backup(
    engine: Engine, metadata: sa.MetaData, config: Any, instance_path: Path, dest: Path,
    *, include_keys: bool = True,
) -> BackupResult:
    """Write the archive to `dest` (a directory: a dated name inside it; else the file name). Mode 0600."""
    dest = _archive_path(dest)
    fd, tmp_name = tempfile.mkstemp(prefix=".portal-backup-", suffix=".tmp", dir=dest.parent)
    os.fchmod(fd, 0o600)
    tmp_path = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            manifest = _write_archive(raw, engine, metadata, config, instance_path, include_keys)
        os.replace(tmp_path, dest)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return BackupResult(dest, manifest)


# --- restore -------------------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    notes: list[str] = field(default_factory=list)


_ALLOWED_TOP = {"db", "uploads", "keys"}


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name or "\0" in name:
        raise BackupError("Arsip memuat nama berkas yang tidak aman: %(name)r", name=name)
    if path.as_posix() != "manifest.json" and path.parts[0] not in _ALLOWED_TOP:
        raise BackupError("Arsip memuat berkas yang tidak dikenal: %(name)r", name=name)
    return path


def _extract_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> tuple[int, str]:
    """Copy one regular file out of the archive (never over an existing file); its size and sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    src = tar.extractfile(member)
    with open(target, "xb") as out:
        while chunk := src.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    os.chmod(target, 0o600)
    return size, digest.hexdigest()


def _unpack(archive: Path, staging: Path) -> dict[str, tuple[int, str]]:
    """Every member into `staging` (regular files only, safe names): archive name -> (size, sha256)."""
    hashes: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                rel = _safe_member_path(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError("Arsip memuat entri yang bukan berkas biasa: %(name)r",
                                      name=member.name)
                hashes[rel.as_posix()] = _extract_member(tar, member, staging.joinpath(*rel.parts))
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError("Arsip cadangan tidak dapat dibaca (%(kind)s: %(error)s).",
                          kind=type(exc).__name__, error=str(exc)) from exc
    return hashes


def _checked_manifest(staging: Path, hashes: dict[str, tuple[int, str]]) -> dict[str, Any]:
    """The manifest, once every file it lists is there with its size and sha256, and nothing else is."""
    manifest_path = staging / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("Arsip tidak memuat manifest.json; bukan arsip cadangan portal.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("Format arsip cadangan tidak dikenal (versi lain dari portal?).")
    listed = manifest.get("files", {})
    for name, meta in listed.items():
        got = hashes.get(name)
        if got is None:
            raise BackupError("Berkas %(name)s tercantum di manifest tetapi tidak ada di arsip.", name=name)
        if got != (meta["size"], meta["sha256"]):
            raise BackupError("Berkas %(name)s rusak: ukuran/sha256 tidak cocok dengan manifest.", name=name)
    extra = sorted(set(hashes) - set(listed) - {"manifest.json"})
    if extra:
        raise BackupError("Arsip memuat berkas yang tidak tercantum di manifest: %(names)s",
                          names=", ".join(extra[:5]))
    return manifest


def extract_archive(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack into `staging` (regular files only, safe names), then check every file against the manifest."""
    return _checked_manifest(staging, _unpack(archive, staging))


def table_counts(conn: Connection, metadata: sa.MetaData) -> dict[str, int]:
    existing = set(inspect(conn).get_table_names())
    return {
        t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
        for t in _tables(metadata) if t.name in existing
    }


def instance_contents(engine: Engine, metadata: sa.MetaData, upload_folder: Path) -> list[str]:
    """What makes the target instance non-empty: tables holding rows, files in the upload folder."""
    found = []
    with engine.connect() as conn:
        for name, count in table_counts(conn, metadata).items():
            if count:
                found.append(f"tabel {name}: {count} baris")
    if upload_folder.exists():
        n = sum(1 for p in upload_folder.rglob("*") if p.is_file() or p.is_symlink())
        if n:
            found.append(f"folder unggahan {upload_folder}: {n} berkas")
    return found


def _read_rows(path: Path, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    with open(path, encoding="utf-8") as fh:
        columns = json.loads(fh.readline())
        cols = [table.c[name] for name in columns]
        size = _batch_size(table)
        batch: list[dict[str, Any]] = []
        for line in fh:
            values = json.loads(line)
            batch.append({c.name: decode_value(c, v) for c, v in zip(cols, values, strict=True)})
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


def _reset_sequences(conn: Connection, metadata: sa.MetaData) -> None:
    if conn.dialect.name != "postgresql":
        return  # SQLite continues from max(rowid) by itself
    for table in _tables(metadata):
        for column in table.primary_key.columns:
            if not isinstance(_base_type(column), sa.Integer):
                continue
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                               {"t": table.name, "c": column.name}).scalar()
            if seq:
                # bandit B608: names come from the SQLAlchemy metadata, not input
                highest = f'SELECT MAX("{column.name}") FROM "{table.name}"'  # nosec B608
                conn.execute(text(f"SELECT setval(:s, COALESCE(({highest}), 0) + 1, false)"), {"s": seq})


def _move_aside(path: Path, stamp: str) -> Path:
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    os.replace(path, aside)
    return aside


def _install_key(path: Path, value: str, stamp: str, notes: list[str], label: str) -> None:
    if path.exists():
        if path.read_text().strip() == value.strip():
            notes.append(f"{label}: {path} sudah berisi kunci dari arsip")
            return
        aside = _move_aside(path, stamp)
        notes.append(f"{label}: kunci lama dipindahkan ke {aside}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value.strip() + "\n")
    notes.append(f"{label}: dipasang di {path} (mode 0600)")


def _check_tables_known(dumped: dict[str, dict], by_name: dict[str, sa.Table]) -> None:
    unknown = [name for name in dumped if name not in by_name]
    if unknown:
        raise BackupError("Arsip memuat tabel yang tidak dikenal kode ini: %(tables)s. "
                          "Pulihkan dengan versi portal yang membuat cadangan.", tables=", ".join(unknown))


def _check_target(conn: Connection, manifest: dict[str, Any], by_name: dict[str, sa.Table],
                  allow_other_revision: bool) -> set[str]:
    """The target database can take the archive: its tables, schema revision and columns. Its tables."""
    dumped = manifest["tables"]
    existing = set(inspect(conn).get_table_names())
    missing_tables = [n for n in dumped if n not in existing]
    if missing_tables:
        raise BackupError("Tabel belum ada di basis data tujuan: %(tables)s. "
                          "Jalankan `flask --app portal db upgrade` dulu.", tables=", ".join(missing_tables))
    target_rev = _alembic_revision(conn)
    source_rev = manifest["database"].get("alembic_revision")
    if source_rev and target_rev and source_rev != target_rev and not allow_other_revision:
        raise BackupError(
            "Revisi skema arsip (%(source)s) berbeda dari basis data tujuan (%(target)s). "
            "Pulihkan dengan versi portal yang sama dengan saat pencadangan, lalu upgrade.",
            source=source_rev, target=target_rev)
    for name, meta in dumped.items():
        target_cols = {c["name"] for c in inspect(conn).get_columns(name)}
        lost = [c for c in meta["columns"] if c not in target_cols or c not in by_name[name].c]
        if lost:
            raise BackupError("Kolom %(table)s.%(column)s dari arsip tidak ada di skema tujuan.",
                              table=name, column=lost[0])
    return existing


def _load_rows(conn: Connection, metadata: sa.MetaData, staging: Path, dumped: dict[str, dict],
               existing: set[str], *, empty_first: bool) -> dict[str, int]:
    """Insert every dumped table (after emptying all, children first, with `empty_first`); the row counts,
    checked against the manifest."""
    if empty_first:
        for table in reversed(_tables(metadata)):
            if table.name in existing:
                conn.execute(table.delete())
    for table in _tables(metadata):
        if table.name in dumped:
            for batch in _read_rows(staging / "db" / f"{table.name}.jsonl", table):
                conn.execute(table.insert(), batch)
    _reset_sequences(conn, metadata)
    counts = table_counts(conn, metadata)
    wrong = [f"{n}: {counts.get(n)} != {m['rows']}" for n, m in dumped.items() if counts.get(n) != m["rows"]]
    if wrong:
        raise BackupError("Jumlah baris setelah pemulihan tidak cocok: %(tables)s", tables="; ".join(wrong))
    return {n: counts[n] for n in dumped}


def _install_uploads(staging: Path, upload_folder: Path, manifest: dict[str, Any], stamp: str,
                     notes: list[str]) -> int:
    """Move the restored upload folder into place (an old one with files is moved aside); the file count."""
    staged_uploads = staging / "uploads"
    if upload_folder.exists() and any(upload_folder.iterdir()):
        if any(p.is_file() for p in upload_folder.rglob("*")):
            notes.append(f"folder unggahan lama dipindahkan ke {_move_aside(upload_folder, stamp)}")
        else:
            shutil.rmtree(upload_folder)  # only empty area folders
    elif upload_folder.exists():
        upload_folder.rmdir()
    if staged_uploads.exists():
        os.replace(staged_uploads, upload_folder)
    else:
        upload_folder.mkdir(parents=True, exist_ok=True)
    uploads = {name: meta for name, meta in manifest["files"].items() if name.startswith("uploads/")}
    for name, meta in uploads.items():
        restored = upload_folder / name[len("uploads/"):]
        if not restored.is_file() or restored.stat().st_size != meta["size"]:
            raise BackupError("Berkas %(name)s tidak terpasang dengan benar di %(path)s.",
                              name=name, path=str(restored))
    return len(uploads)


def _restore_secret_key(keys_dir: Path, config: Any, instance_path: Path, stamp: str,
                        notes: list[str]) -> None:
    secret_file = keys_dir / "secret_key"
    if not secret_file.exists():
        notes.append("arsip tanpa kunci: pasang SECRET_KEY dan kunci WBS dari cadangan terpisah")
        return
    secret = secret_file.read_text().strip()
    if config.get("SECRET_KEY_FROM_ENV"):
        if str(config["SECRET_KEY"]) != secret:
            notes.append("PERINGATAN: SECRET_KEY di lingkungan berbeda dari arsip; kode akses "
                         "DUMAS lama tidak akan cocok. Pakai nilai keys/secret_key dari arsip.")
        return
    _install_key(instance_path / "secret_key", secret, stamp, notes, "SECRET_KEY")
    if str(config["SECRET_KEY"]) != secret:
        notes.append("SECRET_KEY baru berlaku setelah portal dijalankan ulang")


def _restore_wbs_key(keys_dir: Path, config: Any, stamp: str, notes: list[str]) -> None:
    wbs_file = keys_dir / "wbs.key"
    if not wbs_file.exists():
        return
    wbs_key = wbs_file.read_text().strip()
    if not config.get("WBS_KEY"):
        _install_key(Path(config["WBS_KEY_FILE"]), wbs_key, stamp, notes, "kunci WBS")
    elif config["WBS_KEY"].strip() != wbs_key:
        notes.append("PERINGATAN: PORTAL_WBS_KEY di lingkungan berbeda dari kunci WBS arsip; "
                     "laporan WBS tidak akan terbaca. Pakai keys/wbs.key dari arsip.")


def _check_restorable(engine: Engine, metadata: sa.MetaData, archive: Path, upload_folder: Path,
                      force: bool) -> list[str]:
    """What the target instance holds (empty unless `force`)."""
    if not archive.is_file():
        raise BackupError("Arsip %(path)s tidak ditemukan.", path=str(archive))
    present = instance_contents(engine, metadata, upload_folder)
    if present and not force:
        raise BackupError(
            "Instance tujuan tidak kosong (%(contents)s). Pemulihan hanya ke instance kosong; "
            "pakai --force untuk menimpa (baris dihapus, folder unggahan lama dan kunci lama dipindahkan).",
            contents="; ".join(present))
    return present


def restore_archive(
    engine: Engine, metadata: sa.MetaData, config: Any, instance_path: Path, archive: Path,
    *, force: bool = False, ensure_schema=None, allow_other_revision: bool = False,
) -> RestoreResult:
    archive = Path(archive)
    upload_folder = Path(config["UPLOAD_FOLDER"])
    present = _check_restorable(engine, metadata, archive, upload_folder, force)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    upload_folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".restore-{uuid.uuid4().hex[:6]}-", dir=upload_folder.parent))
    try:
        manifest = extract_archive(archive, staging)
        result = RestoreResult(manifest)
        if ensure_schema is not None:
            ensure_schema()
        by_name = {t.name: t for t in _tables(metadata)}
        dumped = manifest["tables"]
        _check_tables_known(dumped, by_name)
        with engine.begin() as conn:
            existing = _check_target(conn, manifest, by_name, allow_other_revision)
            result.notes.extend(f"tabel {name} tidak ada di arsip; dibiarkan kosong"
                                for name in by_name if name not in dumped)
            # --force: every table is emptied in this same transaction
            result.counts = _load_rows(conn, metadata, staging, dumped, existing, empty_first=bool(present))
        # the database is committed: now the files, then the keys
        result.files = _install_uploads(staging, upload_folder, manifest, stamp, result.notes)
        _restore_secret_key(staging / "keys", config, instance_path, stamp, result.notes)
        _restore_wbs_key(staging / "keys", config, stamp, result.notes)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- orphan files --------------------------------------------------------------------------------------

@dataclass
class UploadCheck:
    orphans: list[Path] = field(default_factory=list)  # files no row names (older than the minimum age)
    young: int = 0  # unreferenced files younger than that: maybe a submission not yet committed
    missing: list[str] = field(default_factory=list)  # rows whose file is gone
    referenced: int = 0


def check_uploads(engine: Engine, upload_folder: Path, *, min_age_seconds: float = 3600,
                  now: float | None = None) -> UploadCheck:
    """Compare the upload folder with the rows that name files.

    A file with no row is what a process killed between writing the file and committing leaves behind
    (SIGKILL, power loss: no `except` runs). Files are written before the commit, so a file younger than
    `min_age_seconds` may belong to a submission still in flight and is never reported as an orphan. The
    age is taken from the inode change time (st_ctime). WBS attachments are kept in the database since
    migration 0004; only legacy WBS files (rows with a `stored_name`, see `flask wbs-files-to-db`) are
    compared here, so a WBS orphan can only be a legacy file.
    """
    import time as _time

    now = _time.time() if now is None else now
    result = UploadCheck()
    with engine.connect() as conn:
        existing = set(inspect(conn).get_table_names())
        for table_name, area, column in FILE_REFERENCES:
            names: set[str] = set()
            if table_name in existing:
                # bandit B608: table and column names come from FILE_REFERENCES (a constant), not input
                names = set(conn.execute(text(
                    f'SELECT "{column}" FROM "{table_name}" WHERE "{column}" <> \'\'')).scalars())  # nosec B608
            result.referenced += len(names)
            folder = upload_folder / area
            on_disk = {p.name: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}
            result.missing.extend(f"{area}/{n}" for n in sorted(names - set(on_disk)))
            for name, path in sorted(on_disk.items()):
                if name in names:
                    continue
                if now - path.stat().st_ctime < min_age_seconds:
                    result.young += 1
                else:
                    result.orphans.append(path)
    return result
