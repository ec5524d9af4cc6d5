"""The PPID's texts on /ppid are office settings (issue 13): edited by an admin on /admin/pengaturan, with
the other office settings, checked (lengths, a required officer, an e-mail that looks like one), audited
like them, and shown on /ppid; an empty hours or e-mail value falls back on the office's own."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.core.models.setting import Setting
from portal.extensions import db
from portal.ppid import service as ppid
from tests.ppid.test_ppid import text

PPID_VALUES = {
    "ppid_officer": "Sekretaris KPU Kota Contoh",
    "ppid_superior": "Ketua KPU Kota Contoh",
    "ppid_hours": "Senin–Jumat 08.00–15.00 WIB",
    "ppid_email": "ppid@kpu-contoh.example",
    "ppid_copy_cost": "Salinan cetak Rp500 per lembar; salinan elektronik gratis.",
}


def stored(app) -> dict[str, str]:
    with app.app_context():
        return {row.key: row.value for row in db.session.scalars(select(Setting))}


def settings_audits(app) -> list[dict]:
    with app.app_context():
        return [json.loads(row.detail or "{}") for row in db.session.scalars(
            select(AuditLog).where(AuditLog.action == "settings.update").order_by(AuditLog.id))]


def test_the_settings_form_has_a_ppid_section_with_the_defaults(client, login_as):
    login_as("admin")
    body = text(client.get("/admin/pengaturan"))
    assert "Layanan informasi publik (PPID)" in body and "Identitas kantor" in body
    for key in ppid.PROFILE_KEYS:
        assert f'name="{key}"' in body, key
    assert ppid.PROFILE_DEFAULTS["ppid_officer"] in body and "Ketua KPU Kabupaten Kebumen" in body
    assert '<textarea class="form-control" id="ppid_copy_cost"' in body and 'maxlength="1000"' in body


def test_an_admin_saves_the_ppid_texts_and_the_ppid_page_shows_them(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/pengaturan", data=PPID_VALUES)
    assert response.status_code == 302
    saved = stored(app)
    assert {key: saved[key] for key in PPID_VALUES} == PPID_VALUES
    assert set(PPID_VALUES) <= set(settings_audits(app)[-1]["changed"])
    body = text(client.get("/ppid"))
    for value in PPID_VALUES.values():
        assert value in body, value
    assert 'href="mailto:ppid@kpu-contoh.example"' in body
    assert ppid.PROFILE_DEFAULTS["ppid_officer"] not in body
    assert "Senin–Kamis 07.30–16.00" not in body.split('class="ppid-hours"')[1][:200]


def test_a_copy_cost_text_longer_than_the_old_cut_is_kept_whole(app, client, login_as):
    login_as("admin")
    long_text = "Biaya salinan " + "x" * 800 + " akhir."
    assert client.post("/admin/pengaturan", data={"ppid_copy_cost": long_text}).status_code == 302
    assert stored(app)["ppid_copy_cost"] == long_text
    assert long_text in text(client.get("/ppid"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("ppid_officer", "x" * 201, "Pejabat PPID terlalu panjang: paling banyak 200 karakter."),
    ("ppid_superior", "x" * 201, "terlalu panjang: paling banyak 200 karakter."),
    ("ppid_hours", "x" * 201, "terlalu panjang: paling banyak 200 karakter."),
    ("ppid_copy_cost", "x" * 1001, "terlalu panjang: paling banyak 1000 karakter."),
    ("ppid_email", "a@b.co" + "m" * 260, "terlalu panjang: paling banyak 254 karakter."),
    ("ppid_email", "bukan e-mail", "E-mail PPID tidak valid."),
    ("ppid_officer", "   ", "Pejabat PPID wajib diisi."),
])
def test_bad_ppid_values_are_refused_and_nothing_is_written(app, client, login_as, field, value, message):
    login_as("admin")
    before, audits = stored(app), settings_audits(app)
    response = client.post("/admin/pengaturan", data={**PPID_VALUES, field: value})
    assert response.status_code == 400
    assert message in text(response)
    assert stored(app) == before and settings_audits(app) == audits
    assert PPID_VALUES["ppid_superior"] not in text(client.get("/ppid"))


def test_a_partial_form_keeps_the_ppid_texts(app, client, login_as):
    login_as("admin")
    assert client.post("/admin/pengaturan", data=PPID_VALUES).status_code == 302
    assert client.post("/admin/pengaturan", data={"office_name": "KPU Kota Contoh"}).status_code == 302
    saved = stored(app)
    assert {key: saved[key] for key in PPID_VALUES} == PPID_VALUES
    assert settings_audits(app)[-1]["changed"] == ["office_name"]


def test_empty_hours_and_e_mail_fall_back_on_the_office_settings(app, client, login_as):
    login_as("admin")
    data = {**PPID_VALUES, "ppid_hours": "", "ppid_email": "", "office_hours": "Setiap hari kerja 08.00",
            "office_email": "kantor@kpu-contoh.example"}
    assert client.post("/admin/pengaturan", data=data).status_code == 302
    body = text(client.get("/ppid"))
    assert "Setiap hari kerja 08.00" in body.split('class="ppid-hours"')[1][:200]
    assert 'href="mailto:kantor@kpu-contoh.example"' in body


def test_profile_reads_saved_values_then_fallbacks_then_defaults():
    assert ppid.profile({}) == ppid.PROFILE_DEFAULTS
    result = ppid.profile({"ppid_officer": "  ", "ppid_hours": "", "office_hours": "Senin 08.00",
                           "ppid_email": "ppid@contoh.example", "office_email": "lain@contoh.example"})
    assert result["ppid_officer"] == ppid.PROFILE_DEFAULTS["ppid_officer"]
    assert result["ppid_hours"] == "Senin 08.00" and result["ppid_email"] == "ppid@contoh.example"


@pytest.mark.parametrize("role", ["ppid", "editor", "pimpinan"])
def test_only_an_admin_edits_the_ppid_texts(app, client, login_as, role):
    login_as(role)
    assert client.get("/admin/pengaturan").status_code == 403
    assert client.post("/admin/pengaturan", data=PPID_VALUES).status_code == 403
    assert stored(app) == {} and settings_audits(app) == []
    assert PPID_VALUES["ppid_officer"] not in text(client.get("/ppid"))
