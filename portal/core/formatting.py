"""Jinja filters for Indonesian dates and numbers."""
from __future__ import annotations

from datetime import date, datetime

from markupsafe import Markup

from portal.core import clock

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]


def tanggal(value: date | datetime | None, with_time: bool = False) -> str:
    """`2 Februari 2026` (and `, 14.05 WIB` with time), in the office's zone (portal/core/clock.py)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        local = value.astimezone(clock.zone()) if value.tzinfo else value
        text = f"{local.day} {MONTHS_ID[local.month - 1]} {local.year}"
        if with_time:
            text += f", {local:%H.%M} {local.tzname() or 'WIB'}"
        return text
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def angka(value: float | None, digits: int = 0) -> str:
    """Indonesian number format: 1.234,56."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def register_filters(app) -> None:
    app.jinja_env.filters["tanggal"] = tanggal
    app.jinja_env.filters["angka"] = angka
    app.jinja_env.globals["MONTHS_ID"] = MONTHS_ID
    app.jinja_env.globals["Markup"] = Markup
