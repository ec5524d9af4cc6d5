"""Guard: every message that domain code raises reaches the reader in the reader's language.

`DomainError(msgid, **params)` (portal/core/errors.py) translates `msgid` only when the message is read, so
the msgid must be the untranslated Indonesian literal that `pybabel extract -k DomainError` collects:

* the first argument is a string literal (implicit concatenation of literals is one literal): not an
  f-string, not a `%` / `.format` expression, not a `gettext(...)` call, not a variable;
* every `%(name)s` placeholder in it has a keyword argument `name=` (or the call passes `**params`);
* the English catalogue has a non-empty, non-fuzzy translation of it (`pybabel compile` leaves fuzzy
  ones out).

The case engine's guard constructors take such a message for the DomainError they raise later:
`required(name, msgid)` and `max_length(name, limit, msgid)` (portal/core/cases.py) are checked like a
`DomainError` call, on their message argument (extracted with `-k required:2 -k max_length:3`); the two
raises inside them pass that argument on (`PASS_THROUGH`).

Offenders are reported as `file:line` so the fix is one look away (docs/architecture.md, "Errors").
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

PORTAL = Path(__file__).resolve().parents[2] / "portal"
ENGLISH_PO = PORTAL / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)")


# Calls whose argument at this position is a DomainError message id.
MESSAGE_ARGUMENT = {"DomainError": 0, "required": 1, "max_length": 2}
# DomainError calls that pass on a message checked at their callers' sites: file -> the parameter name.
PASS_THROUGH = {"portal/core/cases.py": "message"}


@dataclass(frozen=True)
class Raise:
    where: str  # portal/<path>:<line>
    call: ast.Call
    position: int = 0  # of the message among the positional arguments

    @property
    def message(self) -> ast.expr | None:
        return self.call.args[self.position] if len(self.call.args) > self.position else None


def _sources() -> list[Path]:
    return sorted(p for p in PORTAL.rglob("*.py") if "migrations" not in p.relative_to(PORTAL).parts)


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _passes_through(path: str, call: ast.Call) -> bool:
    name = PASS_THROUGH.get(path)
    return bool(name and _called_name(call.func) == "DomainError" and call.args
                and isinstance(call.args[0], ast.Name) and call.args[0].id == name)


def domain_error_calls() -> list[Raise]:
    found = []
    for path in _sources():
        relative = str(path.relative_to(PORTAL.parent))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _called_name(node.func) not in MESSAGE_ARGUMENT:
                continue
            position = MESSAGE_ARGUMENT[_called_name(node.func)]
            if position and len(node.args) <= position:  # another function of that name, or keywords only
                continue
            if not _passes_through(relative, node):
                found.append((node.lineno, Raise(f"{relative}:{node.lineno}", node, position)))
    return [r for _, r in sorted(found, key=lambda pair: (pair[1].where.split(":")[0], pair[0]))]


def literal_msgid(r: Raise) -> str | None:
    """The message id when the message argument is a plain string literal, else None."""
    message = r.message
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        return message.value
    return None


def _describe(node: ast.expr | None) -> str:
    if node is None:
        return "no message"
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return "a %-formatted string"
    if isinstance(node, ast.Call):
        return f"a call to {ast.unparse(node.func)}()"
    return f"not a literal ({ast.unparse(node)[:60]})"


def _english_translations() -> dict[str, str]:
    with ENGLISH_PO.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): ("" if m.fuzzy else str(m.string or "")) for m in catalog if m.id}


def test_there_are_domain_errors_to_check():
    assert len(domain_error_calls()) > 50  # the walk sees the tree (a moved portal/ would pass vacuously)


def test_every_domain_error_message_is_a_literal():
    offenders = [f"{r.where}: {_describe(r.message)}"
                 for r in domain_error_calls() if literal_msgid(r) is None]
    assert not offenders, (
        f"{len(offenders)} DomainError(...) calls do not pass an untranslated literal message "
        "(raise DomainError(\"... %(name)s ...\", name=value)):\n" + "\n".join(offenders))


def test_every_placeholder_has_its_keyword():
    offenders = []
    for r in domain_error_calls():
        msgid = literal_msgid(r)
        if msgid is None or r.position:  # a guard's message gets its params when it is raised (n=limit)
            continue
        keywords = {k.arg for k in r.call.keywords}
        if None in keywords:  # **params: checked where the params are built
            continue
        missing = sorted(set(PLACEHOLDER.findall(msgid)) - keywords)
        if missing:
            offenders.append(f"{r.where}: no {', '.join(missing)}= for {msgid!r}")
    assert not offenders, "DomainError placeholders without a keyword argument:\n" + "\n".join(offenders)


def test_every_domain_error_message_has_an_english_translation():
    english = _english_translations()
    offenders = [f"{r.where}: {msgid!r}" for r in domain_error_calls()
                 if (msgid := literal_msgid(r)) is not None and not english.get(msgid)]
    assert not offenders, (
        f"{len(offenders)} DomainError messages have no English translation in "
        f"{ENGLISH_PO.relative_to(PORTAL.parent)} (make translations, then fill in msgstr):\n"
        + "\n".join(offenders))


def test_a_refusal_from_the_domain_is_english_on_lang_en(client):
    """Through a real view: a WBS reporter's empty reply is refused by the domain (portal/wbs/service.py
    `reporter_reply`, a DomainError) and the page shows its message in the visitor's language."""
    from tests.wbs_helpers import submit

    _, receipt = submit(client)
    assert receipt

    def reply(query: str):
        return client.post(f"/wbs/lacak/balas{query}", data={"receipt": receipt, "body": ""},
                           content_type="multipart/form-data")

    indonesian = reply("")
    assert indonesian.status_code == 422
    assert "Tulis pesan atau lampirkan berkas." in indonesian.get_data(as_text=True)
    english = reply("?lang=en")
    assert english.status_code == 422
    page = english.get_data(as_text=True)
    assert "Write a message or attach a file." in page
    assert "Tulis pesan atau lampirkan berkas." not in page
