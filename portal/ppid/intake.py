"""Information requests coming in: their numbers (PPID-<year>-<5 digits>) and access codes, and finding a
request again with both (the applicant's tracking page, the objection form). Request-free.

The filing itself (the public form and staff registration of letters, e-mails and visits) lives here too."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from portal.core import access_codes, numbering
from portal.ppid.models import InfoRequest, InfoRequestCounter

NUMBER_PREFIX = "PPID"
NUMBER_RE = re.compile(r"^PPID-(\d{4})-(\d{5,})$")
ACCESS_PURPOSE = "ppid-access"


def secret_key(config: Mapping[str, Any]) -> str | bytes:
    return config["SECRET_KEY"]


def allocate_number(session: Session, year: int) -> tuple[int, str]:
    """The next (seq, number) of `year`; never repeated, also under concurrency (portal/core/numbering.py)."""
    seq = numbering.next_sequence(session, year, InfoRequestCounter)
    return seq, numbering.format_number(NUMBER_PREFIX, year, seq)


def new_access_code() -> str:
    return access_codes.new_code()


def hash_access_code(key: str | bytes, number: str, code: str) -> str:
    return access_codes.code_hash(key, ACCESS_PURPOSE, number, code)


def normalise_number(number: str) -> str:
    return access_codes.normalise_number(number)


def track(session: Session, number: str, code: str, key: str | bytes) -> InfoRequest | None:
    """The request for a number + access code, or None (an unknown number and a wrong code look the same)."""
    return access_codes.lookup(session, InfoRequest, NUMBER_RE, key, ACCESS_PURPOSE, number, code)
