"""The one error that domain code raises when a rule is broken (docs/architecture.md, "Errors").

Domain code is plain values and a session in, model objects or dataclasses out; it never touches the
request. When a rule is broken it raises `DomainError` with an Indonesian message id and its parameters:

    raise DomainError("Tahun %(year)s tidak ada dalam rencana aksi.", year=year)

The message is translated only when it is read (`err.message`, `str(err)`), in the language of whoever
reads it then: the visitor's on a page, the default on the command line. `pybabel extract -k DomainError`
(`make translations`) collects the literal, so every message has its English entry in the catalogue.
Never pass a message that was formatted already (an f-string or `%`): it cannot be translated.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken. `msgid` is the untranslated message, `params` its %(name)s values."""

    def __init__(self, message: str, /, **params: Any):
        super().__init__(message)
        self.msgid = message
        self.params = params

    @property
    def message(self) -> str:
        """The message in the current language (the request's, else the default), parameters filled in."""
        return translate(self.msgid, self.params)

    def __str__(self) -> str:
        return self.message


def translate(msgid: Any, params: dict[str, Any] | None = None) -> str:
    """gettext of `msgid` (a str or a lazy string) with `params`; outside an app, the message itself."""
    from flask import has_app_context
    from flask_babel import gettext

    text = str(msgid)
    if has_app_context():
        return gettext(text, **(params or {})) if params else gettext(text)
    return text % params if params else text


class InvalidFields(DomainError):
    """Bad input in a form: `errors` maps a field name to its (lazy) messages; nothing was written. `files`:
    the uploads checked one by one (those that passed may be kept for the corrected form), or None when
    they were not checked that way. `message` is every field message, in the reader's language."""

    def __init__(self, errors: dict[str, list[Any]], files: Any = None):
        super().__init__("Periksa kembali isian yang ditandai.")
        self.errors = errors
        self.files = files

    @property
    def message(self) -> str:
        return " ".join(str(m) for messages in self.errors.values() for m in messages)
