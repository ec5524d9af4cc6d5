"""What the ZI monitoring says in its own words (labels, refusals, the monev report) goes through the
catalogue: on ?lang=en every such text is marked by the stand-in catalogue of tests/recap."""
from __future__ import annotations

from freezegun import freeze_time

from portal.zi import service as zi
from tests.recap.test_recap_translation import marked_english  # noqa: F401  (the fixture)
from tests.zi.test_monitoring import as_user, people, plan  # noqa: F401  (fixtures)
from tests.zi_helpers import pdf_upload, submit, text


@freeze_time("2026-06-22 03:00:00")
def test_refusals_labels_and_the_monev_report_are_in_the_readers_language(plan, people, client, auth,  # noqa: F811
                                                                           marked_english):  # noqa: F811
    as_user(client, auth, people["member"])
    client.get("/admin/zi?lang=en")
    wrong_period = text(submit(client, plan, "I.3", "2026-03", files=[pdf_upload()]))
    assert ("‹Periode yang dipilih bukan periode pelaksanaan kegiatan I.3. Pilih salah satu periode dari "
            "daftar.›") in wrong_period
    too_long = text(submit(client, plan, "I.3", "2026-06", links="https://example.org/" + "a" * 600))
    assert f"‹Tautan paling panjang {zi.MAX_URL} karakter.›" in too_long

    report = text(client.get("/admin/zi/laporan?tahun=2026&semester=1"))
    for label in ("Semester I (Januari\u2013Juni)", "Belum ada bukti", "Belum ada (lewat batas)", "Jumlah"):
        assert f"‹{label}›" in report, label
    board = text(client.get("/admin/zi?tahun=2026"))
    assert "‹Seluruh kegiatan›" in board and "‹Belum›" in board
