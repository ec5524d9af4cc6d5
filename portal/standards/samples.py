"""Sample service standards for a KPU Kabupaten office, loaded by `flask --app portal init`.

These are SAMPLE texts (published with is_sample=True, so the public page says so): a realistic
starting point for the four services a KPU Kabupaten/Kota gives the public, to be checked and edited
by the office before it adopts them. Numbers of days follow UU 14/2008 (information requests) and
SP4N-LAPOR! practice (complaints); regulation numbers were checked against public sources in 2026
but must be re-checked against the official texts.

The 14 component texts of each service are Markdown in portal/data/standar-<slug>.md, one section per
component after a `<!-- key -->` line, in the order of the regulation. `{channels}` and `{survey}` stand for
the two passages every service shares (below). Placeholders such as {office_name} are filled from the
office settings when the loader runs (see portal.core.site_settings.DEFAULTS); no other braces may appear
in the texts.
"""
from __future__ import annotations

import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_SECTION = re.compile(r"^<!-- ([a-z_]+) -->\n", re.MULTILINE)

_CHANNELS = """\
- datang langsung ke kantor {office_name}, {office_address};
- telepon {office_phone};
- e-mail {office_email};
- formulir **Pengaduan** pada portal ini (nomor pengaduan dapat dipakai untuk memantau tindak lanjut);
- SP4N-LAPOR! di www.lapor.go.id;
- kotak saran di ruang pelayanan."""

_SURVEY = (
    "Survei Kepuasan Masyarakat (SKM) sekurang-kurangnya sekali setahun; hasil dan rencana tindak "
    "lanjutnya dipublikasikan pada portal ini."
)


def components(slug: str) -> dict[str, str]:
    """Component key -> sample Markdown of one service (office placeholders still to fill)."""
    text = (DATA_DIR / f"standar-{slug}.md").read_text(encoding="utf-8")
    parts = _SECTION.split(text)[1:]  # key, body, key, body, ...
    shared = {"{channels}": _CHANNELS, "{survey}": _SURVEY}
    texts = {}
    for key, body in zip(parts[::2], parts[1::2], strict=True):
        for placeholder, passage in shared.items():
            body = body.replace(placeholder, passage)
        texts[key] = body.rstrip("\n")
    return texts


SAMPLE_SERVICES: list[dict] = [
    {
        "slug": "layanan-informasi-publik",
        "name": "Layanan Informasi Publik (PPID)",
        "description": ("Permohonan informasi publik kepada Pejabat Pengelola Informasi dan Dokumentasi "
                        "(PPID), termasuk pengajuan keberatan."),
        "order": 10,
        "components": components("layanan-informasi-publik"),
    },
    {
        "slug": "layanan-pengaduan",
        "name": "Layanan Pengaduan Masyarakat",
        "description": ("Penerimaan dan penanganan pengaduan, saran dan masukan masyarakat (DUMAS) "
                        "dari semua kanal."),
        "order": 20,
        "components": components("layanan-pengaduan"),
    },
    {
        "slug": "layanan-data-pemilih",
        "name": "Layanan Data Pemilih",
        "description": ("Pengecekan status pemilih dan tanggapan masyarakat atas data pemilih dalam "
                        "pemutakhiran data pemilih berkelanjutan."),
        "order": 30,
        "components": components("layanan-data-pemilih"),
    },
    {
        "slug": "layanan-konsultasi",
        "name": "Layanan Konsultasi Kepemiluan",
        "description": ("Konsultasi dan informasi tentang penyelenggaraan pemilu dan pemilihan bagi "
                        "masyarakat, partai politik, pemantau dan pemangku kepentingan lain."),
        "order": 40,
        "components": components("layanan-konsultasi"),
    },
]
