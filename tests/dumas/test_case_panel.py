"""The DUMAS case page's next-step panel (issue 12 §5): the workflow's allowed moves from the current state
decide what it offers; the main move open, every other action behind its own <details>; the history as a
timeline with dates, actors, status changes, notes and files. Works without JS (plain forms)."""
from __future__ import annotations

import re

import pytest

from portal.dumas.models import ComplaintFollowUp
from portal.extensions import db
from tests.dumas.inbox_helpers import text
from tests.dumas_factories import make_attachment


def _panel(page: str) -> str:
    found = re.search(r'<section aria-labelledby="h-next".*?</section>\s*(?=</div>\s*</div>)', page,
                      re.DOTALL)
    return found[0]


def _open_part(panel: str) -> str:
    """The panel without its <details> (what is shown before anything is opened)."""
    return re.sub(r"<details.*?</details>", "", panel, flags=re.DOTALL)


def _summaries(panel: str) -> list[str]:
    return [s.strip() for s in re.findall(r"<summary[^>]*>(.*?)</summary>", panel, re.DOTALL)]


@pytest.mark.parametrize(("key", "main", "main_action", "others"), [
    ("new", "h-verify", "/verifikasi", ["Tolak aduan", "Teruskan ke instansi lain", "Tugaskan petugas",
                                        "Ubah kategori / jenis", "Tambah catatan tindak lanjut"]),
    ("verified", "h-st-diproses", "/status/diproses",
     ["Nyatakan selesai", "Tolak aduan", "Teruskan ke instansi lain", "Tugaskan petugas",
      "Ubah kategori / jenis", "Tambah catatan tindak lanjut"]),
    ("process", "h-st-selesai", "/status/selesai",
     ["Tolak aduan", "Teruskan ke instansi lain", "Tugaskan petugas", "Ubah kategori / jenis",
      "Tambah catatan tindak lanjut"]),
])
def test_panel_offers_the_moves_of_the_state(client, login_as, cases, key, main, main_action, others):
    login_as("dumas")
    page = text(client.get(f"/admin/pengaduan/{cases.n[key]}"))
    panel = _panel(page)
    shown = _open_part(panel)
    assert f'aria-labelledby="{main}"' in shown
    assert f'action="/admin/pengaduan/{cases.n[key]}{main_action}"' in shown
    assert shown.count("<form") == 1  # one form open, not six
    assert _summaries(panel) == others
    assert "<details" in panel and " open" not in re.findall(r"<details[^>]*>", panel)[0]


def test_closed_case_offers_no_move(client, login_as, cases):
    login_as("dumas")
    panel = _panel(text(client.get(f"/admin/pengaduan/{cases.n['done']}")))
    assert "sudah ditutup dengan status Selesai" in panel
    assert "/status/" not in panel and "/verifikasi" not in panel
    assert _summaries(panel) == ["Ubah kategori / jenis", "Tambah catatan tindak lanjut"]


def test_a_refused_secondary_form_comes_back_open(client, login_as, cases):
    login_as("dumas")
    number = cases.n["verified"]
    response = client.post(f"/admin/pengaduan/{number}/status/ditolak", data={"ditolak-reason": ""})
    assert response.status_code == 400
    panel = _panel(text(response))
    opened = re.findall(r'<details[^>]* open>\s*<summary[^>]*>(.*?)</summary>', panel, re.DOTALL)
    assert [s.strip() for s in opened] == ["Tolak aduan"]
    assert "Alasan penolakan wajib diisi." in text(response)


def test_pimpinan_sees_no_panel(client, login_as, cases):
    login_as("pimpinan")
    page = text(client.get(f"/admin/pengaduan/{cases.n['new']}"))
    assert 'id="h-next"' not in page and "<form method=\"post\" action=\"/admin/pengaduan/" not in page


def test_history_is_a_timeline_with_files(app, client, login_as, cases):
    with app.app_context():
        followup = ComplaintFollowUp(complaint_id=cases.ids["verified"], actor_id=cases.budi.id,
                                     from_status="diterima", to_status="diverifikasi",
                                     public_note="Kami periksa.", internal_note="Cek loket 2.")
        db.session.add(followup)
        db.session.flush()
        from portal.dumas.models import Complaint

        item = make_attachment(db.session, db.session.get(Complaint, cases.ids["verified"]),
                               app.config["UPLOAD_FOLDER"], name="berita-acara.pdf")
        item.followup_id = followup.id
        db.session.commit()
    login_as("dumas")
    page = text(client.get(f"/admin/pengaduan/{cases.n['verified']}"))
    timeline = page.split('<ol class="list-unstyled case-timeline">')[1].split("</section>")[0]
    steps = timeline.split('<li class="border-start')[1:]
    assert len(steps) == 2
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">', steps[1])
    assert "Budi" in steps[1] and "Diterima" in steps[1] and "Diverifikasi" in steps[1]
    assert "Kami periksa." in steps[1] and "Cek loket 2." in steps[1]
    assert "berita-acara.pdf" in steps[1] and "/lampiran/" in steps[1]


def test_publication_link_slot_is_optional(client, login_as, cases):
    """h3's _publication_link.html is included when it exists; without it the page still renders."""
    login_as("dumas")
    assert client.get(f"/admin/pengaduan/{cases.n['new']}").status_code == 200
