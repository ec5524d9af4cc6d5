"""The English of the strings issue 12 §4 (citizens on phones) adds, and an app that reads them: the real
catalogue plus these entries, so a test sees a whole page in English before `make translations` has merged
them. NEW_EN is also the list handed to the catalogue (brief report: tr-h4.json)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.pofile import read_po
from flask import Flask

from tests.i18n_helpers import catalogue_app

PO = Path(__file__).resolve().parents[1] / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"

# (context, msgid, English)
NEW_EN: list[tuple[str | None, str, str]] = [
    (None, "Tutup menu", "Close menu"),
    (None, "Layanan utama", "Main services"),
    (None, "Nilai layanan yang Anda terima.", "Rate the service you received."),
    (None, "Selesai dalam sekitar tiga menit.", "It takes about three minutes."),
    (None, "Pindai kode QR dengan kamera ponsel Anda untuk mengisi Survei Kepuasan Masyarakat. Tanpa nama.",
     "Scan the QR code with your phone camera to fill in the Public Satisfaction Survey (SKM). Anonymous."),
    (None, ("Bantu kami memperbaiki pelayanan %(office)s. Survei ini tanpa nama dan terdiri atas sembilan "
            "pertanyaan singkat."),
     "Help us improve the services of %(office)s. This survey is anonymous and has nine short questions."),
    (None, "Daftar isi", "Contents"),
    (None, "Kembali ke atas", "Back to top"),
    (None, "Perbaiki isian berikut:", "Please correct the following:"),
    (None, "Petani/Pekebun", "Farmer/grower"),
    (None, "Nelayan", "Fisher"),
    (None, "Pedagang", "Trader"),
    (None, "Buruh", "Labourer"),
    (None, "Ibu rumah tangga", "Homemaker"),
    (None, "Pensiunan", "Retired"),
    (None, "Tidak bekerja", "Not working"),
    (None, "Grafik garis: jumlah aduan per bulan menurut status",
     "Line chart: complaints per month by status"),
    (None, "Grafik batang: jumlah aduan menurut status", "Bar chart: complaints by status"),
    (None, "Grafik batang: aduan per kategori", "Bar chart: complaints by category"),
    (None, "Grafik batang: aduan per kanal", "Bar chart: complaints by channel"),
]


@contextmanager
def english_app(app_factory, folder: Path) -> Iterator[Flask]:
    """An app whose English catalogue is the project's plus NEW_EN."""
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for context, msgid, english in NEW_EN:
        catalog.add(msgid, english, context=context)
    with catalogue_app(app_factory, folder, catalog) as app:
        yield app
