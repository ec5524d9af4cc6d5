"""Public blueprint: one module per page family, all on the same `public` blueprint."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import (
    action_plan,  # noqa: F401  (/rencana-aksi, /api/v1/rencana-aksi)
    pages,  # noqa: F401  (/halaman/<slug>, /maklumat)
    standards,  # noqa: F401  (/standar-pelayanan)
    views,  # noqa: F401  (home, healthz)
    zi_progress,  # noqa: F401  (/rencana-aksi/progres)
)

# Feature modules register their routes on `bp` when imported:
# from portal.public import action_plan, pages, standards
