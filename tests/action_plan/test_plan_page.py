"""/rencana-aksi on a phone (issue 12 §4): jump links per area, folding areas, back-to-top links, and no
team filter on the page (each area has exactly one team) while ?tim= keeps working."""
from __future__ import annotations

import re

import pytest

from portal.action_plan import service as action_plan
from portal.extensions import db
from tests.phone_helpers import english_app

AREAS = ["I", "II", "III", "IV", "V", "VI"]


@pytest.fixture
def loaded(app):
    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        db.session.commit()
    return app


def _areas(html: str) -> dict[str, str]:
    """Area code -> its <details> opening tag."""
    return {m.group(2): m.group(1) for m in re.finditer(
        r'(<details class="plan-area-box"[^>]*>)\s*<summary[^>]*>\s*<h2[^>]*id="area-([IVX]+)"', html)}


def test_jump_links_reach_every_area(loaded, client):
    html = client.get("/rencana-aksi").get_data(as_text=True)
    nav = html[html.index('<nav class="plan-jump'):html.index("</nav>", html.index('<nav class="plan-jump'))]
    assert 'aria-labelledby="lompat-area"' in nav and "Daftar isi" in nav
    links = re.findall(r'href="#rincian-area-([IVX]+)"', nav)
    assert links == AREAS
    for code in AREAS:
        assert f'id="rincian-area-{code}"' in html  # each link has its target, inside its area
    assert "(24 kegiatan)" in nav  # area V


def test_areas_fold_first_one_open(loaded, client):
    html = client.get("/rencana-aksi").get_data(as_text=True)
    areas = _areas(html)
    assert list(areas) == AREAS
    assert [code for code, tag in areas.items() if " open" in tag] == ["I"]
    # every row is still in the page (folded, not left out): search, print and no-JS readers get it all
    assert html.count('class="plan-row"') == 43
    assert html.count('class="plan-top" href="#konten"') == 6
    assert html.count("Kembali ke atas") == 6


def test_filtered_list_opens_every_area_shown(loaded, client):
    html = client.get("/rencana-aksi?bulan=3").get_data(as_text=True)
    areas = _areas(html)
    assert len(areas) > 1 and all(" open" in tag for tag in areas.values())
    one = client.get("/rencana-aksi?area=V").get_data(as_text=True)
    assert list(_areas(one)) == ["V"] and " open" in _areas(one)["V"]
    assert 'class="plan-jump' not in one  # one area: nothing to jump to


def test_team_filter_is_not_on_the_page_but_the_url_still_works(loaded, client):
    html = client.get("/rencana-aksi").get_data(as_text=True)
    form = html[html.index('<form method="get" action="/rencana-aksi"'):html.index("</form>")]
    assert 'name="tim"' not in form and "Semua tim" not in form
    assert 'name="area"' in form and 'name="bulan"' in form
    html = client.get("/rencana-aksi?tim=TIM+PENATAAN+TATA+LAKSANA").get_data(as_text=True)
    assert "Menampilkan 3 dari 43 kegiatan" in html
    form = html[html.index('<form method="get" action="/rencana-aksi"'):html.index("</form>")]
    # sending the form again keeps the team from the link
    assert '<input type="hidden" name="tim" value="TIM PENATAAN TATA LAKSANA">' in form
    api = client.get("/api/v1/rencana-aksi?tim=TIM+PENATAAN+TATA+LAKSANA").json
    assert api["count"] == 3


def test_unknown_team_is_reported_without_a_link_to_a_missing_field(loaded, client):
    html = client.get("/rencana-aksi?tim=TIM+SIAPA").get_data(as_text=True)
    assert "Tim penanggung jawab yang dipilih tidak dikenal" in html
    assert 'href="#tim"' not in html
    assert 'name="tim"' not in html  # an unknown team is not carried on


def test_english_page_names_the_new_controls_in_english(app_factory, tmp_path):
    with english_app(app_factory, tmp_path / "en") as app:
        with app.app_context():
            action_plan.load_shipped_plans(db.session)
            db.session.commit()
        html = app.test_client().get("/rencana-aksi?lang=en").get_data(as_text=True)
    assert "Daftar isi" not in html and "Kembali ke atas" not in html
    assert ">Contents</h2>" in html and html.count("Back to top") == 6
