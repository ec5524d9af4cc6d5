"""The heat map (/admin/risiko/peta) against a hand-built set: counts per cell, inherent and residual,
the totals per level beside each map, the year and unit filters, and risks without a residual
assessment counted apart. Also the dashboard panel's figures (high risks, high risks whose control is
overdue) on the same set."""
from __future__ import annotations

import re
from datetime import date

from freezegun import freeze_time

from tests.risks.helpers import BASE, make_risks, staff

# (unit, year, likelihood, impact, residual or None, due, realised)
SET = [
    ("Keuangan", 2026, 5, 5, (2, 3), date(2026, 3, 31), None),  # 25 ST -> 6 R; overdue
    ("Keuangan", 2026, 5, 5, (2, 3), date(2026, 9, 30), None),  # 25 ST -> 6 R; open
    ("Keuangan", 2026, 4, 4, (1, 4), date(2026, 2, 28), date(2026, 2, 20)),  # 16 T -> 4 SR; realised
    ("Data", 2026, 4, 5, None, date(2026, 5, 31), None),  # 20 T, no residual; overdue
    ("Data", 2026, 3, 4, (3, 4), None, None),  # 12 S -> 12 S
    ("Data", 2026, 2, 3, None, None, None),  # 6 R
    ("Data", 2026, 1, 1, (1, 1), None, None),  # 1 SR -> 1 SR
    ("Data", 2025, 5, 5, None, date(2025, 1, 31), None),  # other year
]
NOW = "2026-07-15 03:00:00"


def seed(app):
    return make_risks(app, [{
        "unit": unit, "year": year, "likelihood": lk, "impact": im,
        "residual_likelihood": residual[0] if residual else None,
        "residual_impact": residual[1] if residual else None, "due_on": due, "realised_on": done,
        "realisation": "Selesai" if done else ""} for unit, year, lk, im, residual, due, done in SET])


def cells(html: str, kind: str) -> dict[str, int]:
    start = html.index(f'data-map="{kind}"')
    part = html[start:html.index("</table>", start)]
    return {cell: int(n) for cell, n in re.findall(r'data-cell="(\d-\d)" data-count="(\d+)"', part)}


def totals(html: str, kind: str) -> dict[str, int]:
    start = html.index(f'data-totals="{kind}"')
    part = html[start:html.index("</table>", start)]
    return {level: int(n) for level, n in re.findall(
        r'<tr data-level="(\w+)">.*?<td>\d+–\d+</td><td>(\d+)</td></tr>', part)}


def nonzero(found: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in found.items() if v}


def test_counts_per_cell_and_level(app, make_user):
    seed(app)
    client = staff(app, make_user, "pimpinan")
    html = client.get(f"{BASE}/peta?tahun=2026").get_data(as_text=True)
    assert len(cells(html, "inherent")) == 25 and len(cells(html, "residual")) == 25
    assert nonzero(cells(html, "inherent")) == {"5-5": 2, "4-4": 1, "4-5": 1, "3-4": 1, "2-3": 1, "1-1": 1}
    assert nonzero(cells(html, "residual")) == {"2-3": 2, "1-4": 1, "3-4": 1, "1-1": 1}
    assert totals(html, "inherent") == {"sangat_rendah": 1, "rendah": 1, "sedang": 1, "tinggi": 2,
                                        "sangat_tinggi": 2}
    assert totals(html, "residual") == {"sangat_rendah": 2, "rendah": 2, "sedang": 1, "tinggi": 0,
                                        "sangat_tinggi": 0}
    assert 'data-unassessed="2"' in html


def test_unit_and_year_filters(app, make_user):
    seed(app)
    client = staff(app, make_user, "risiko")
    html = client.get(f"{BASE}/peta?tahun=2026&unit=Keuangan").get_data(as_text=True)
    assert nonzero(cells(html, "inherent")) == {"5-5": 2, "4-4": 1}
    assert nonzero(cells(html, "residual")) == {"2-3": 2, "1-4": 1}
    assert "data-unassessed" not in html
    html = client.get(f"{BASE}/peta?tahun=2025").get_data(as_text=True)
    assert nonzero(cells(html, "inherent")) == {"5-5": 1}
    assert client.get(f"{BASE}/peta?tahun=dua").status_code == 404


def test_the_dashboard_panel_counts_high_risks_with_overdue_controls(app, make_user):
    seed(app)
    with freeze_time(NOW):
        client = staff(app, make_user, "risiko")
        html = client.get("/admin/").get_data(as_text=True)
    panel = html[html.index('data-panel="risiko"'):]
    panel = panel[:panel.index("</section>")]
    assert "Risiko tinggi, pengendalian terlambat: 2" in panel  # the 25 due in March and the 20 due in May
    assert "Risiko tinggi: 4" in panel
    assert "Semua risiko: 7" in panel
    assert len(re.findall(r'class="overdue', panel)) == 2
