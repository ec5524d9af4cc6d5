"""Handling a request on the staff side, request-free, around `workflow.transition`: the extension, the
decision (the written notice) with the released files stored in the same transaction, assigning an
officer, and the audited download of a request's file. Nothing here commits.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.cases import Move
from portal.core.errors import DomainError
from portal.ppid.models import FILE_RELEASED, InfoRequest, InfoRequestFile
from portal.ppid.workflow import DECISIONS, GRANTED, Deadlines, transition


def extend(session: Session, request: InfoRequest, actor: Any, deadlines: Deadlines, *, reason: str,
           public_note: str = "", internal_note: str = "") -> Move:
    """The one extension (UU 14/2008 Pasal 22 ayat 8): written reasons, before the first deadline passes
    (the workflow's guards refuse it otherwise)."""
    return transition(session, request, "diperpanjang", actor, deadlines, reason=reason,
                      public_note=public_note, internal_note=internal_note)


def decide(session: Session, request: InfoRequest, to_status: str, actor: Any, deadlines: Deadlines, *,
           files: Sequence[Any] = (), **values: Any) -> Move:
    """The decision and its written notice (`values`: see workflow.transition); `files` are documents
    already checked and cleaned (core/attachments.py PreparedFile; their number is the upload policy's),
    released to the applicant with a grant
    and stored as `dokumen` in the same transaction. Refusals and "not held" release nothing."""
    if to_status not in DECISIONS:
        raise DomainError("Status tujuan tidak dikenal.")
    if files and to_status not in GRANTED:
        raise DomainError("Berkas hanya dapat dilampirkan bila permohonan dikabulkan seluruhnya atau "
                          "sebagian.")
    move = transition(session, request, to_status, actor, deadlines, **values)
    add_released_files(session, request, actor, files)
    return move


def add_released_files(session: Session, request: InfoRequest, actor: Any, files: Sequence[Any]) -> int:
    """Store cleaned files as documents released to the applicant (each audited)."""
    for item in files:
        stored = InfoRequestFile(kind=FILE_RELEASED, original_name=item.display_name,
                                 content_type=item.content_type, size=item.size, sha256=item.sha256,
                                 data=item.data)
        request.files.append(stored)
        session.flush()
        audit.record(session, actor, "ppid.request.file_release", stored, number=request.number,
                     request_id=request.id, format=stored.content_type, size=stored.size)
    return len(files)


def assign(session: Session, request: InfoRequest, actor: Any, officer_id: int | None) -> InfoRequest:
    """Give the request to a PPID officer (None: nobody)."""
    officer = session.get(User, officer_id) if officer_id else None
    if officer_id and (officer is None or not officer.active or not officer.has_role("ppid")):
        raise DomainError("Pilih petugas yang menangani.")  # an active user with the ppid role
    if request.assigned_to_id == (officer.id if officer else None):
        raise DomainError("Tidak ada perubahan untuk disimpan.")
    request.assigned_to_id = officer.id if officer else None
    audit.record(session, actor, "ppid.request.assign", request, number=request.number,
                 officer_id=request.assigned_to_id)
    return request


def record_download(session: Session, actor: Any, item: InfoRequestFile) -> None:
    """A staff download of a request's file (the identity scan is personal data): audited."""
    audit.record(session, actor, "ppid.request.file_download", item, number=item.request.number,
                 request_id=item.request_id, kind=item.kind)
