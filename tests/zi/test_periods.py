"""Due periods from the PELAKSANAAN column: every value in the seed, and the general rules."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from portal.action_plan.parser import parse_file
from portal.zi.periods import due_periods, parse_key
from tests.zi_helpers import item_id, load_plan, text

SEED = Path(__file__).resolve().parents[2] / "portal" / "data" / "rencana_aksi_2026_sumber.txt"

SEMESTERS = [("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
             ("2026-S2", date(2026, 7, 1), date(2026, 12, 31))]
# Every PELAKSANAAN value of the 2026 seed -> (key, first day, due date) of each due period.
EXPECTED = {
    "Januari": [("2026-01", date(2026, 1, 1), date(2026, 1, 31))],
    "Desember": [("2026-12", date(2026, 12, 1), date(2026, 12, 31))],
    "Juni dan Desember": [("2026-06", date(2026, 6, 1), date(2026, 6, 30)),
                          ("2026-12", date(2026, 12, 1), date(2026, 12, 31))],
    "Januari dan Desember": [("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
                             ("2026-12", date(2026, 12, 1), date(2026, 12, 31))],
    "Januari \u2013 Desember": SEMESTERS,
    "Januari - Desember": SEMESTERS,
    "Januari-Desember": SEMESTERS,
    "Januari - Desember Januari - Desember": SEMESTERS,  # V.4.1: the cell repeats the range
    "Per Triwulan": [("2026-T1", date(2026, 1, 1), date(2026, 3, 31)),
                     ("2026-T2", date(2026, 4, 1), date(2026, 6, 30)),
                     ("2026-T3", date(2026, 7, 1), date(2026, 9, 30)),
                     ("2026-T4", date(2026, 10, 1), date(2026, 12, 31))],
}


def _shape(periods):
    return [(p.key, p.start, p.due) for p in periods]


def test_every_pelaksanaan_value_of_the_seed_has_its_expected_periods():
    plan = parse_file(SEED)
    values = {row.pelaksanaan for row in plan.rows}
    assert values == set(EXPECTED), "a new PELAKSANAAN value in the seed needs an expected result here"
    for row in plan.rows:
        shape = _shape(due_periods(row.pelaksanaan, plan.year, row.months))
        assert shape == EXPECTED[row.pelaksanaan], row.code
    # the rows the issue names
    by_code = {row.code: row for row in plan.rows}
    assert [p.label for p in due_periods(by_code["I.3"].pelaksanaan, 2026)] == ["Juni 2026", "Desember 2026"]
    assert [p.label for p in due_periods(by_code["V.2.1b"].pelaksanaan, 2026)] == [
        "Triwulan I 2026", "Triwulan II 2026", "Triwulan III 2026", "Triwulan IV 2026"]
    labels = [p.label for p in due_periods(by_code["I.4"].pelaksanaan, 2026)]
    assert labels == ["Semester 1 2026", "Semester 2 2026"]


@pytest.mark.parametrize("text_value, expected", [
    ("Triwulan II", [("2026-T2", date(2026, 4, 1), date(2026, 6, 30))]),
    ("triwulan ke-4", [("2026-T4", date(2026, 10, 1), date(2026, 12, 31))]),
    ("Per Semester", SEMESTERS),
    ("Semester I", [SEMESTERS[0]]),
    ("Maret s.d. April", [("2026-S1", date(2026, 3, 1), date(2026, 4, 30))]),
    ("Februari sampai Agustus", [("2026-S1", date(2026, 2, 1), date(2026, 6, 30)),
                                 ("2026-S2", date(2026, 7, 1), date(2026, 8, 31))]),
    ("Oktober \u2013 Maret", [("2026-S1", date(2026, 1, 1), date(2026, 3, 31)),
                              ("2026-S2", date(2026, 10, 1), date(2026, 12, 31))]),
    ("Januari dan Juli - Desember", [("2026-01", date(2026, 1, 1), date(2026, 1, 31)),
                                     ("2026-S2", date(2026, 7, 1), date(2026, 12, 31))]),
    ("Maret, Juni, September", [("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
                                ("2026-06", date(2026, 6, 1), date(2026, 6, 30)),
                                ("2026-09", date(2026, 9, 1), date(2026, 9, 30))]),
    ("Per Semester; Maret - April", SEMESTERS),  # a full semester wins over the part of it a range covers
])
def test_rules(text_value, expected):
    assert _shape(due_periods(text_value, 2026)) == expected


def test_monthly_unknown_and_fallback():
    assert [p.key for p in due_periods("Setiap bulan", 2026)] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert [p.key for p in due_periods("sesuai kebutuhan", 2026, [5, 11])] == ["2026-05", "2026-11"]
    only = due_periods("sesuai kebutuhan", 2026)
    assert _shape(only) == [("2026", date(2026, 1, 1), date(2026, 12, 31))] and only[0].label == "Tahun 2026"
    assert parse_key("2026-T3").due == date(2026, 9, 30)
    assert parse_key("2026-13") is None and parse_key("x") is None


def test_row_page_shows_the_parsed_periods(app, client, login_as):
    load_plan(app)
    login_as("pimpinan")
    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"))
    assert 'id="periode-2026-06"' in page and 'id="periode-2026-12"' in page
    # the plan's own timing text is office content (lang="id"), the periods it gives are interface text
    assert "Juni dan Desember → Juni 2026, Desember 2026" in re.sub(r"<[^>]+>", "", page)
    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'V.2.1c')}"))
    assert all(f'id="periode-2026-T{q}"' in page for q in (1, 2, 3, 4))
