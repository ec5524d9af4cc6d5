"""Demo content for `flask --app portal demo-data`: each feature's declared samplers in feature order
(portal/core/registry.py), the accounts feature's demo staff first."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.core import registry


def load(session: Session, password: str) -> list[str]:
    lines = registry.run_samplers(session, password)
    lines.append(f"Kata sandi semua akun demo: {password}")
    return lines
