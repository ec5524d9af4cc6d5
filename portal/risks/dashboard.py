"""The risk panel of the staff dashboard (/admin/, roles risiko, pimpinan, admin): this year's risks, the
high ones (Tinggi and Sangat Tinggi by the configured bands) and the high ones whose planned control is past
its due date and not realised, the first few linked. Counts in SQL (service.dashboard_summary)."""
from __future__ import annotations

from portal.core.clock import today
from portal.extensions import db
from portal.risks import matrix
from portal.risks import service as risks


def dashboard_context() -> dict:
    return {"risk_summary": risks.dashboard_summary(db.session, matrix.current_bands(), today())}
