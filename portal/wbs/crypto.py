"""WBS encryption at rest and receipts from one master key kept outside the database; the limiter key.

The master key (32 random bytes, base64url) comes from the `PORTAL_WBS_KEY` setting or the key file
`instance/wbs.key` (mode 0600, created at `flask init` or on first use). Two sub-keys are derived
from it with HKDF-SHA256, one per purpose:

- encryption: AES-256-GCM for report text, messages, file names and file contents. Each value is
  `v1:` + base64url(12-byte random nonce || ciphertext+tag); the field name is the associated data,
  so a value copied into another column does not decrypt. Text is padded to a multiple of 64 bytes
  so the ciphertext length gives only a rough idea of the text length. (Fernet is not used: its
  tokens carry the creation time in clear, and the precise time of a report is itself sensitive.)
- receipt: HMAC-SHA256 of the 16 receipt digits; the database holds only this hash, looked up by
  equality.

The rate-limit key on WBS routes (`LimiterKeys`) does NOT come from the master key: it is an HMAC-SHA256 of
(day, client address) under a random 32-byte secret of the day that is never written to disk (kept in the
limiter's Redis with a two-day expiry, shared by every worker, or in process memory with `memory://`). A
stolen key file, backup or Redis dump of another day does not let anyone recover an address from a limiter
key by trying every IPv4 address (issue 10 A7).

A short fingerprint of the master key is recorded in the settings table on first use. If the key
file goes missing while reports exist, or another key is configured, the portal refuses to go on
instead of silently creating a new key that cannot read the old reports (docs/wbs-keys.md).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

FINGERPRINT_SETTING = "wbs_key_fingerprint"
RECEIPT_DIGITS = 16
_PREFIX = "v1:"
_PAD = 64


class WbsKeyError(RuntimeError):
    """The WBS key is missing, malformed or does not match the database (message in Indonesian)."""


class DecryptionError(ValueError):
    """A stored value could not be decrypted with the current key (tampered, or another key)."""


def generate_master_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_master_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise WbsKeyError("Kunci WBS tidak valid (harus base64 dari 32 bita).") from exc
    if len(raw) != 32:
        raise WbsKeyError("Kunci WBS tidak valid (harus base64 dari 32 bita).")
    return raw


def write_key_file(path: Path, master_key: str) -> None:
    """Write a key file readable by the owner only; never overwrites (FileExistsError).

    The key is written and synced under a temporary name, then hard-linked into place, so a worker that
    reads the file at the same moment sees the whole key or no file, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(master_key + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)  # atomic; FileExistsError when another process was first
    finally:
        tmp.unlink(missing_ok=True)


def _derive(master: bytes, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode()).derive(master)


@dataclass(frozen=True)
class WbsCipher:
    enc_key: bytes
    receipt_key: bytes
    fingerprint: str

    @classmethod
    def from_master(cls, master: bytes) -> WbsCipher:
        fp = hashlib.sha256(_derive(master, "portal-wbs-fingerprint-v1")).hexdigest()[:16]
        return cls(
            enc_key=_derive(master, "portal-wbs-encryption-v1"),
            receipt_key=_derive(master, "portal-wbs-receipt-v1"),
            fingerprint=fp,
        )

    # --- text -----------------------------------------------------------------------------------
    def encrypt(self, text: str | None, field: str) -> str:
        data = (text or "").encode("utf-8")
        body = struct.pack(">I", len(data)) + data
        body += b"\0" * (-len(body) % _PAD)
        return _PREFIX + base64.urlsafe_b64encode(self._seal(body, field)).decode("ascii")

    def decrypt(self, token: str | None, field: str) -> str:
        if not token:
            return ""
        if not token.startswith(_PREFIX):
            raise DecryptionError("unknown format")
        try:
            body = self._open(base64.urlsafe_b64decode(token[len(_PREFIX):].encode("ascii")), field)
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError("malformed value") from exc
        (length,) = struct.unpack(">I", body[:4])
        return body[4:4 + length].decode("utf-8")

    # --- files ----------------------------------------------------------------------------------
    def encrypt_bytes(self, data: bytes, field: str = "file") -> bytes:
        return self._seal(data, field)

    def decrypt_bytes(self, blob: bytes, field: str = "file") -> bytes:
        return self._open(blob, field)

    def _seal(self, data: bytes, field: str) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(self.enc_key).encrypt(nonce, data, b"wbs:" + field.encode())

    def _open(self, blob: bytes, field: str) -> bytes:
        if len(blob) < 12 + 16:
            raise DecryptionError("too short")
        try:
            return AESGCM(self.enc_key).decrypt(blob[:12], blob[12:], b"wbs:" + field.encode())
        except InvalidTag as exc:
            raise DecryptionError("authentication failed") from exc

    # --- receipts -------------------------------------------------------------------------------
    def receipt_hash(self, digits: str) -> str:
        return hmac.new(self.receipt_key, digits.encode("ascii"), hashlib.sha256).hexdigest()


# --- rate-limit keys ------------------------------------------------------------------------------------

REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://", "unix://")
LIMITER_SECRET_SECONDS = 2 * 24 * 3600  # the day's secret outlives its day a little, then Redis drops it


class LimiterKeys:
    """WBS rate-limit keys: HMAC-SHA256(secret of the day, day | address), truncated.

    The secret is 32 random bytes per UTC day. With a Redis limiter storage it is created once with
    `SET NX EX` (the first worker wins, every worker and server sharing that Redis reads the same value) under
    `<prefix>:wbs-limiter-secret:<day>`; otherwise, or while Redis cannot be reached, it lives in this
    process's memory only (the limiter then counts per process anyway). It is never written to disk by the
    portal: the Redis holding it must not persist to disk either (docs/deploy.md, section 7).
    """

    def __init__(self, redis_client=None, prefix: str = "portal"):
        self.redis = redis_client
        self.name = f"{prefix}:wbs-limiter-secret:"
        self._local: dict[str, bytes] = {}
        self._retry_at = 0.0

    @classmethod
    def for_config(cls, config) -> LimiterKeys:
        uri = str(config["RATELIMIT_STORAGE_URI"] or "")
        client = None
        if uri.startswith(REDIS_SCHEMES):
            import redis

            client = redis.Redis.from_url(uri.replace("redis+unix://", "unix://", 1), socket_timeout=1,
                                          socket_connect_timeout=1)
        return cls(client, str(config["RATELIMIT_KEY_PREFIX"]))

    def secret(self, day: date) -> bytes:
        label = day.isoformat()
        if self.redis is not None and time.monotonic() >= self._retry_at:
            import redis

            try:
                return self._shared_secret(label)
            except (redis.RedisError, OSError, ValueError):
                # Redis down: the limiter falls back to memory, so does the secret (Redis is tried again
                # in 30 s, not on every request)
                self._retry_at = time.monotonic() + 30
        secret = self._local.get(label)
        if secret is None:
            self._local = {label: secrets.token_bytes(32)}  # yesterday's is forgotten
            secret = self._local[label]
        return secret

    def _shared_secret(self, label: str) -> bytes:
        name = self.name + label
        value = self.redis.get(name)
        if value is None:
            self.redis.set(name, secrets.token_bytes(32), nx=True, ex=LIMITER_SECRET_SECONDS)
            value = self.redis.get(name)
        if not value or len(value) != 32:
            raise ValueError("no limiter secret in Redis")
        return bytes(value)

    def key(self, address: str, day: date) -> str:
        """Rate-limit key for an address: changes every day, never contains the address."""
        mac = hmac.new(self.secret(day), f"{day.isoformat()}|{address}".encode(), hashlib.sha256)
        return "wbs-" + mac.hexdigest()[:32]


def new_receipt() -> str:
    """16 uniformly random digits (about 53 bits)."""
    return f"{secrets.randbelow(10 ** RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def format_receipt(digits: str) -> str:
    return "-".join(digits[i:i + 4] for i in range(0, RECEIPT_DIGITS, 4))


def normalise_receipt(text: str | None) -> str | None:
    """Accept `1234-5678-...`, spaces or no separators; None unless exactly 16 digits remain."""
    digits = "".join(ch for ch in (text or "") if ch not in " -\t")
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def read_master_key(config) -> tuple[bytes | None, Path]:
    """The configured master key: the WBS_KEY setting, else the key file if it exists (else None)."""
    path = Path(config["WBS_KEY_FILE"])
    if config["WBS_KEY"]:
        return parse_master_key(config["WBS_KEY"]), path
    if path.exists():
        return parse_master_key(path.read_text()), path
    return None, path


def load_cipher(config, session: Session, *, create: bool = True) -> WbsCipher:
    """Load (or, on a fresh install, create) the key and check it against the database fingerprint.

    The fingerprint row is added to `session` the first time; the caller's commit stores it.
    """
    from portal.core.models.setting import Setting

    # The fingerprint first, then the key file: the worker that creates a key links the file into place
    # before it commits the fingerprint, so a recorded fingerprint always comes with a readable file.
    recorded = session.get(Setting, FINGERPRINT_SETTING)
    master, path = read_master_key(config)
    if master is None:
        if recorded is not None:
            raise WbsKeyError(
                f"Kunci WBS tidak ditemukan di {path}, padahal basis data sudah memakai kunci "
                f"(sidik {recorded.value}). Pulihkan berkas kunci dari cadangan (docs/wbs-keys.md); "
                "kunci baru tidak dapat membaca laporan lama."
            )
        if not create:
            raise WbsKeyError(f"Kunci WBS belum dibuat ({path}). Jalankan `flask --app portal init`.")
        key = generate_master_key()
        try:
            write_key_file(path, key)
        except FileExistsError:  # another worker created it a moment ago
            key = path.read_text()
        master = parse_master_key(key)
    cipher = WbsCipher.from_master(master)
    if recorded is None:
        session.add(Setting(key=FINGERPRINT_SETTING, value=cipher.fingerprint))
    elif recorded.value != cipher.fingerprint:
        raise WbsKeyError(
            f"Kunci WBS yang terpasang (sidik {cipher.fingerprint}) bukan kunci yang dipakai basis data "
            f"(sidik {recorded.value}). Pasang kunci yang benar dari cadangan (docs/wbs-keys.md)."
        )
    return cipher
