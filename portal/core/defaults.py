"""Default content loaded by `flask --app portal init`: each feature's declared loaders, in feature order
(portal/core/registry.py). Each loader is idempotent: it adds what is missing."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.core import registry


def load_all(session: Session) -> list[str]:
    return registry.run_loaders(session)
