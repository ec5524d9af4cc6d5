"""Demo content for `flask --app portal demo-data`: the demo staff accounts (portal/accounts/demo.py), then
each feature's declared samplers in feature order (portal/core/registry.py)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.core import registry


def load(session: Session, password: str) -> list[str]:
    from portal.accounts.demo import demo_accounts

    lines = demo_accounts(session, password)
    lines += registry.run_samplers(session)
    lines.append(f"Kata sandi semua akun demo: {password}")
    return lines
