"""Typed days (portal/core/validation.py `parse_day`): one rule for every date a client types in a filter —
ASCII YYYY-MM-DD within DAY_YEARS. `date.fromisoformat` alone also took "20261201" and week dates
("2026-W49-2"), so one day had several URLs, and each filter carried its own year bounds."""
from __future__ import annotations

from datetime import date

import pytest

from portal.core.validation import DAY_YEARS, parse_day


@pytest.mark.parametrize("raw, expected", [
    ("2026-12-01", date(2026, 12, 1)),
    (" 2026-12-01 ", date(2026, 12, 1)),
    (f"{DAY_YEARS[0]}-01-01", date(DAY_YEARS[0], 1, 1)),
    (f"{DAY_YEARS[1]}-12-31", date(DAY_YEARS[1], 12, 31)),
    ("20261201", None),  # ISO basic format: another spelling of the same day
    ("2026-W49-2", None),  # ISO week date
    ("٢٠٢٦-١٢-٠١", None),  # Arabic-Indic digits
    ("9999-12-31", None),  # no following day
    ("0001-01-01", None),
    ("2026-02-30", None),
    ("", None), (None, None), ("2026-12-1", None),
])
def test_parse_day(raw, expected):
    assert parse_day(raw) == expected


def test_audit_log_filter_refuses_other_spellings_of_a_day(client, login_as):
    login_as("admin")
    assert client.get("/admin/audit?dari=2026-12-01").status_code == 200
    page = client.get("/admin/audit?dari=20261201").get_data(as_text=True)
    assert "tidak valid" in page


def test_dumas_report_range_takes_only_iso_days(client, login_as):
    login_as("dumas")
    assert client.get("/admin/pengaduan/laporan?dari=2026-11-01&sampai=2026-11-30").status_code == 200
    response = client.get("/admin/pengaduan/laporan?dari=20261101&sampai=20261130")
    assert response.status_code == 400
    assert "Isi tanggal awal dan tanggal akhir rentang." in response.get_data(as_text=True)
