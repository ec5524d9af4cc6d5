"""Demo content for `flask --app portal demo-data`: staff accounts per role, then each feature's samples."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from portal.accounts import service as accounts

DEMO_USERS = [
    ("admin@demo.example", "Admin Portal", ["admin"]),
    ("dumas@demo.example", "Petugas DUMAS", ["dumas"]),
    ("wbs@demo.example", "Tim WBS", ["wbs"]),
    ("editor@demo.example", "Editor Konten", ["editor"]),
    ("pimpinan@demo.example", "Pimpinan", ["pimpinan"]),
]

# Feature modules register sample-data builders here: fn(session) -> summary line.
SAMPLERS: list[Callable[[Session], str]] = []
# Modules that register a sampler but are not imported by the app itself (imported by `load`).
SAMPLER_MODULES: tuple[str, ...] = ("portal.dumas.demo",)


def load(session: Session, password: str) -> list[str]:
    lines = []
    for email, name, roles in DEMO_USERS:
        if accounts.find_by_email(session, email) is None:
            accounts.create_user(session, email, password, roles, name=name)
            lines.append(f"akun demo: {email} ({' '.join(roles)})")
    import importlib

    for module in SAMPLER_MODULES:
        importlib.import_module(module)
    for sampler in SAMPLERS:
        lines.append(sampler(session))
    lines.append(f"Kata sandi semua akun demo: {password}")
    return lines
