"""Demo staff accounts for `flask --app portal demo-data`: one per role, all with the password given."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.accounts import service as accounts

DEMO_USERS = [
    ("admin@demo.example", "Admin Portal", ["admin"]),
    ("dumas@demo.example", "Petugas DUMAS", ["dumas"]),
    ("wbs@demo.example", "Tim WBS", ["wbs"]),
    ("editor@demo.example", "Editor Konten", ["editor"]),
    ("pimpinan@demo.example", "Pimpinan", ["pimpinan"]),
    ("atasan.ppid@demo.example", "Atasan PPID", ["atasan_ppid"]),
]


def demo_accounts(session: Session, password: str) -> list[str]:
    """Create the missing demo accounts; one line per account created."""
    lines = []
    for email, name, roles in DEMO_USERS:
        if accounts.find_by_email(session, email) is None:
            accounts.create_user(session, email, password, roles, name=name)
            lines.append(f"akun demo: {email} ({' '.join(roles)})")
    return lines
