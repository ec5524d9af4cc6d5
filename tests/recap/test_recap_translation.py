"""Every label the portal itself puts on a recap (table titles, headers, indicator rows, notes, the status
columns, "Jumlah", "Tanpa kategori", the chart legends, the download's info rows) goes through the
catalogue when the recap is shown, also for a snapshot published earlier; names the office typed
(categories) are shown as they are.

The catalogue here is a stand-in that marks every translated text with ‹ › on ?lang=en, so the test does
not depend on which English entries exist yet."""
from __future__ import annotations

import csv
import io
import json
import re

import flask_babel
import openpyxl
import pytest
from babel.support import NullTranslations

from tests.recap.test_recaps import load_cases, publish


class MarkingTranslations(NullTranslations):
    def gettext(self, message):
        return f"‹{message}›"

    ugettext = gettext

    def ngettext(self, singular, plural, n):
        return f"‹{singular if n == 1 else plural}›"

    ungettext = ngettext


@pytest.fixture
def marked_english(monkeypatch):
    original = flask_babel.Domain.get_translations

    def get_translations(self):
        if str(flask_babel.get_locale()) == "en":
            return MarkingTranslations()
        return original(self)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", get_translations)


PORTAL_LABELS = [
    "Status aduan per bulan", "Status aduan per triwulan", "Aduan per kategori", "Aduan per kanal",
    "Waktu dan ketepatan penyelesaian", "Kategorisasi aduan yang telah ditindaklanjuti", "Bulan", "Triwulan",
    "Kategori", "Kanal", "Jumlah", "Indikator", "Nilai", "Aduan selesai",
    "Median hari kerja penyelesaian (aduan selesai)", "Aduan ditutup (selesai, ditolak, diteruskan)",
    "Ditutup tepat waktu", "Ditutup melewati batas waktu", "Persentase tepat waktu (%)",
    "Hari kerja: Senin–Jumat di luar libur nasional dan cuti bersama.", "Diterima", "Diproses", "Selesai",
    "Ditolak", "Diteruskan", "Tanpa kategori",
    "Diproses = aduan yang telah diverifikasi dan sedang ditindaklanjuti (status diverifikasi dan diproses).",
]


def _chart_labels(html: str) -> list[str]:
    raw = re.search(r'<script type="application/json" id="rekap-chart-data"[^>]*>(.*?)</script>', html,
                    re.DOTALL)
    charts = json.loads(raw.group(1))
    return ([s["label"] for s in charts["status"]["series"]] + charts["category"]["labels"]
            + charts["channel"]["labels"])


def test_a_published_recap_shows_the_portals_labels_in_the_readers_language(app, client, login_as,
                                                                            marked_english):
    load_cases(app)
    login_as("admin")
    publish(client, "2026")
    page = client.get("/rekap/2026?lang=en").get_data(as_text=True)
    for label in PORTAL_LABELS:
        assert f"‹{label}›" in page, label
    legends = _chart_labels(page)
    assert {"‹Diterima›", "‹Selesai›", "‹Tanpa kategori›"} <= set(legends)
    assert "Pelayanan" in legends  # a category name the office typed stays as typed

    indonesian = client.get("/rekap/2026?lang=id").get_data(as_text=True)
    assert "Status aduan per bulan" in indonesian and "‹" not in indonesian

    # one table per CSV (issue 12 §1): the header is the column keys, the same in every language; the
    # portal's labels inside follow the reader's language
    rows = list(csv.reader(io.StringIO(client.get("/rekap/2026.csv?lang=en").get_data().decode("utf-8-sig"))))
    assert rows[0][:2] == ["period", "label"] and rows[1][1] == "January 2026"
    book = openpyxl.load_workbook(io.BytesIO(client.get("/rekap/2026.xlsx?lang=en").get_data()))
    assert "‹Status per bulan›" in book.sheetnames
