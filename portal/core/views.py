"""What staff and public views share: one way to run a domain action in a transaction and tell the user.

    outcome = attempt(service.publish, db.session, page, current_user,
                      success=lambda page: _("Halaman %(title)s diterbitkan.", title=page.title))
    if outcome.ok: ...          # committed, the success message flashed
    else: ...                   # rolled back, the broken rule flashed (outcome.error)

Views stay thin: they parse the form, call `attempt`, and redirect or re-render. Domain code never
commits; `attempt` is the one place that does, so a write is one transaction or nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SubmitField

from portal.core.errors import DomainError
from portal.extensions import db

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    error: DomainError | None = None

    @property
    def message(self) -> str:
        return self.error.message if self.error else ""


def attempt(action: Callable[..., T], /, *args: Any, success: str | Callable[[T], str] | None = None,
            flash_error: bool = True, **kwargs: Any) -> Outcome[T]:
    """Run `action(*args, **kwargs)` and commit; on `DomainError` roll back and flash its message.

    Two requests that write the same unique row at once (the same declaration signed in two tabs, the same
    number taken twice) meet the database's constraint: the loser's IntegrityError is rolled back and told
    as a DomainError asking to reload, never a 500; the winner's row stands.

    `success` (a message, or a function of the action's result giving one) is flashed after the commit.
    `flash_error=False` leaves the message to the caller (a form that shows it beside a field)."""
    try:
        value = action(*args, **kwargs)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        err = DomainError("Data yang sama baru saja disimpan oleh permintaan lain. Muat ulang halaman dan "
                          "periksa hasilnya sebelum mencoba lagi.")
        if flash_error:
            flash(err.message, "danger")
        return Outcome(False, error=err)
    except DomainError as err:
        db.session.rollback()
        if flash_error:
            flash(err.message, "danger")
        return Outcome(False, error=err)
    if success is not None:
        flash(success(value) if callable(success) else str(success), "success")
    return Outcome(True, value=value)


class ConfirmForm(FlaskForm):
    """A POST with nothing but the CSRF token, for buttons that act (delete, withdraw, publish, log-out).
    The page asks for confirmation before it sends; the label is the template's to choose."""

    submit = SubmitField(_l("Ya, lanjutkan"))
