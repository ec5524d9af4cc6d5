"""The office settings form's rules, without a request (portal/admin/settings.py)."""
from __future__ import annotations

from pathlib import Path

from portal.admin import settings
from portal.core import site_settings

STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"


def stored() -> dict[str, str]:
    return {key: default for key, (_label, default) in site_settings.DEFAULTS.items()}


def test_a_missing_field_keeps_its_value_and_values_are_trimmed(app):
    with app.test_request_context():
        submitted = {"office_name": "  KPU Kota Contoh  ", "office_phone": "x" * 600}
        result = settings.check(submitted, stored(), STATIC)
    assert result.ok
    assert result.values["office_name"] == "KPU Kota Contoh"
    assert result.values["office_phone"] == "x" * settings.MAX_VALUE_LENGTH
    assert result.values["office_address"] == stored()["office_address"]


def test_an_empty_logo_means_the_default_logo(app):
    with app.test_request_context():
        result = settings.check({"office_name": "KPU", "logo_path": " "}, stored(), STATIC)
    assert result.ok and result.values["logo_path"] == site_settings.DEFAULTS["logo_path"][1]


def test_every_broken_rule_is_reported_in_the_readers_language(app):
    with app.test_request_context("/?lang=id"):
        result = settings.check({"office_name": "", "logo_path": "../secret.txt"}, stored(), STATIC)
    assert not result.ok
    assert result.errors[0] == "Nama satuan kerja wajib diisi."
    assert result.errors[1].startswith("Logo harus berupa jalur berkas pendek")
    assert result.values["office_name"] == ""  # shown again as typed


def test_rules_need_no_request(app):
    with app.app_context():
        assert not settings.check({"office_name": ""}, stored(), STATIC).ok
