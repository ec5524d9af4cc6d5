"""View-side glue for the one-time form tokens (portal.core.form_tokens): the token of a posted form,
the session pointer to a form's result, and the answer to a re-sent POST."""
from __future__ import annotations

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _

from portal.core import form_tokens
from portal.extensions import db

_SESSION_PREFIX = "form_result:"


def posted_token() -> str:
    """The token of the posted form; a POST without one (an old page, a script) gets a fresh token, so it
    is filed normally but cannot be recognised when re-sent."""
    return form_tokens.clean_token(request.form.get(form_tokens.FIELD)) or form_tokens.new_token()


def remember(form: str, token: str) -> None:
    """Let this browser read the result of `form` (the token is the key to the sealed copy)."""
    session[_SESSION_PREFIX + form] = token


def remembered(form: str) -> str | None:
    return session.get(_SESSION_PREFIX + form)


def forget(form: str) -> None:
    session.pop(_SESSION_PREFIX + form, None)


def already_sent(form: str, token: str, endpoint: str, **values):
    """A re-sent POST with a used token: nothing is filed; show the same result page (if this browser can
    still read it) with a clear message."""
    remember(form, token)
    flash(_("Formulir ini sudah dikirim. Pengiriman ulang tidak dicatat lagi, sehingga tidak ada laporan "
            "ganda."), "info")
    return redirect(url_for(endpoint, **values))


def token_taken(token: str) -> bool:
    """After an IntegrityError (and its rollback): did a concurrent submission with the same token commit
    first? Only then is it a double submit; any other constraint violation is a real failure (the caller
    re-raises it: a 500 that says nothing was saved, never a receipt for a filing that does not exist)."""
    return form_tokens.find(db.session, token) is not None


def dropped_positions() -> set[int]:
    """Stashed files the visitor ticked "hapus" for."""
    result = set()
    for value in request.form.getlist("stash_drop")[:50]:
        if value.isdigit() and len(value) < 4:
            result.add(int(value))
    return result
