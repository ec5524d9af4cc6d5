"""The DIP and the exemption list in open formats (portal/core/tables.py): /ppid/dip.csv and .xlsx (the
entries the page lists for the same filters, every page of them), /ppid/dikecualikan.csv and .xlsx; English
snake_case keys, a BOM, CRLF, open-data headers; a withdrawn entry or item is never in a file."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from portal.extensions import db
from portal.ppid import service as ppid
from portal.ppid.models import DipEntry, Exemption
from tests.open_formats_helpers import assert_open, csv_rows
from tests.ppid.test_ppid import add_entry, add_exemption, text

DIP_KEYS = ["id", "category", "category_label", "title", "summary", "holder", "responsible", "origin",
            "formats", "retention", "year", "updated_on", "link_url", "url", "document_urls"]
EXEMPTION_KEYS = ["id", "title", "ground", "ground_description", "legal_basis", "consequence", "period",
                  "decided_on"]


def records(response) -> list[dict]:
    rows = csv_rows(response)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def withdraw(app, entry_id: int) -> None:
    with app.app_context():
        ppid.withdraw_dip(db.session, db.session.get(DipEntry, entry_id), None)
        db.session.commit()


def test_the_dip_csv_has_every_published_entry_with_english_keys(app, client):
    entry_id = add_entry(app, title="Laporan Keuangan", link_url="https://contoh.example/lk.pdf")
    response = client.get("/ppid/dip.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "daftar-informasi-publik.csv" in response.headers["Content-Disposition"]
    assert_open(response)
    rows = csv_rows(response)
    assert rows[0] == DIP_KEYS
    assert dict(zip(DIP_KEYS, rows[1], strict=True)) == {
        "id": str(entry_id), "category": "berkala", "category_label": "Informasi berkala",
        "title": "Laporan Keuangan", "summary": "Realisasi anggaran semester I.",
        "holder": "Subbagian Keuangan",
        "responsible": "Sekretaris", "origin": "Kebumen, 2026", "formats": "Softcopy (PDF)",
        "retention": "10 tahun", "year": "2026", "updated_on": "2026-10-01",
        "link_url": "https://contoh.example/lk.pdf", "url": f"http://localhost/ppid/dip/{entry_id}",
        "document_urls": ""}
    etag = response.headers["ETag"]
    assert client.get("/ppid/dip.csv", headers={"If-None-Match": etag}).status_code == 304


def test_the_label_follows_the_reader_and_the_keys_and_codes_do_not(app, client):
    add_entry(app, category="setiap_saat")
    rows = csv_rows(client.get("/ppid/dip.csv?lang=en"))
    assert rows[0] == DIP_KEYS
    row = dict(zip(DIP_KEYS, rows[1], strict=True))
    assert row["category"] == "setiap_saat" and row["category_label"] == "Information available at any time"


def test_the_files_follow_the_page_filters_over_every_page(app, client):
    for n in range(ppid.PER_PAGE + 2):
        add_entry(app, title=f"Laporan nomor {n:02d}")
    add_entry(app, title="Profil kantor", category="setiap_saat", year=2025, summary="Struktur organisasi.")
    add_entry(app, title="Jadwal coklit", category="serta_merta", holder="Divisi Data")
    assert len(records(client.get("/ppid/dip.csv"))) == ppid.PER_PAGE + 4  # not one page: all of them
    titles = [r["title"] for r in records(client.get("/ppid/dip.csv?kategori=setiap_saat"))]
    assert titles == ["Profil kantor"]
    assert [r["title"] for r in records(client.get("/ppid/dip.csv?tahun=2025"))] == ["Profil kantor"]
    assert [r["title"] for r in records(client.get("/ppid/dip.csv?cari=divisi+data"))] == ["Jadwal coklit"]
    response = client.get("/ppid/dip.csv?kategori=serta_merta&tahun=2026")
    assert "daftar-informasi-publik-serta-merta-2026.csv" in response.headers["Content-Disposition"]
    api = client.get("/api/v1/ppid/dip?cari=nomor").get_json()
    assert [r["title"] for r in records(client.get("/ppid/dip.csv?cari=nomor"))][:ppid.PER_PAGE] == [
        item["title"] for item in api["items"]]

    xlsx = client.get("/ppid/dip.xlsx?kategori=berkala&tahun=2026")
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert "daftar-informasi-publik-berkala-2026.xlsx" in xlsx.headers["Content-Disposition"]
    assert_open(xlsx)
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    assert len(book.sheetnames) == 1
    grid = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert grid[0][:4] == ["ID", "Kode kategori", "Kategori", "Judul informasi"]
    assert len(grid) == 1 + ppid.PER_PAGE + 2 and all(g[1] == "berkala" and g[10] == 2026 for g in grid[1:])


def test_a_bad_filter_is_a_400_and_no_file(client):
    for url in ("/ppid/dip.csv?kategori=rahasia", "/ppid/dip.xlsx?tahun=abc", "/ppid/dip.csv?tahun=1999"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "attachment" not in response.headers.get("Content-Disposition", "")


def test_withdrawn_entries_are_never_in_the_files(app, client):
    kept = add_entry(app, title="Informasi terbit")
    gone = add_entry(app, title="Informasi ditarik")
    withdraw(app, gone)
    assert [r["id"] for r in records(client.get("/ppid/dip.csv"))] == [str(kept)]
    assert [r["id"] for r in records(client.get("/ppid/dip.csv?cari=ditarik"))] == []
    book = load_workbook(io.BytesIO(client.get("/ppid/dip.xlsx").get_data()))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "Informasi terbit" in cells and "Informasi ditarik" not in cells
    with app.app_context():  # nor when a caller hands one to the table
        assert ppid.dip_table([db.session.get(DipEntry, gone)], lambda e: "", lambda *a: "").rows == []


def test_document_links_are_in_the_file_and_removed_ones_are_not(app, client):
    from portal.ppid.models import DipDocument

    entry_id = add_entry(app)
    with app.app_context():
        entry = db.session.get(DipEntry, entry_id)
        for name in ("a.pdf", "b.pdf"):
            entry.documents.append(DipDocument(original_name=name, content_type="application/pdf", size=4,
                                               sha256="0" * 64, data=b"%PDF"))
        db.session.commit()
        first, second = [d.id for d in entry.documents]
        ppid.remove_document(db.session, db.session.get(DipDocument, first), None)
        db.session.commit()
    row = records(client.get("/ppid/dip.csv"))[0]
    assert row["document_urls"] == f"http://localhost/ppid/dip/{entry_id}/unduh/{second}"


def test_the_exemption_files_list_the_items_in_force(app, client):
    kept = add_exemption(app)
    gone = add_exemption(app, title="Memo internal", ground="i", legal_basis="")
    with app.app_context():
        ppid.withdraw_exemption(db.session, db.session.get(Exemption, gone), None)
        db.session.commit()
    response = client.get("/ppid/dikecualikan.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "informasi-dikecualikan.csv" in response.headers["Content-Disposition"]
    assert_open(response)
    rows = csv_rows(response)
    assert rows[0] == EXEMPTION_KEYS
    assert rows[1:] == [[str(kept), "Data pribadi pemilih", "h", "mengungkap rahasia pribadi", "UU 27/2022",
                         "Penyalahgunaan identitas.", "Selama tersimpan", "2026-01-15"]]
    xlsx = client.get("/ppid/dikecualikan.xlsx")
    assert xlsx.status_code == 200 and "informasi-dikecualikan.xlsx" in xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).worksheets[0]
    grid = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert grid[0][2] == "Pasal 17 huruf" and [g[1] for g in grid[1:]] == ["Data pribadi pemilih"]


def test_an_empty_list_is_a_header_only(client):
    assert csv_rows(client.get("/ppid/dip.csv")) == [DIP_KEYS]
    assert csv_rows(client.get("/ppid/dikecualikan.csv")) == [EXEMPTION_KEYS]


def test_a_formula_looking_title_is_kept_as_text(app, client):
    add_entry(app, title="=HYPERLINK(\"http://x\")", updated_on=date(2026, 9, 1))
    assert records(client.get("/ppid/dip.csv"))[0]["title"].startswith("'=")


def test_the_pages_link_their_files_with_the_filters(app, client):
    add_entry(app)
    add_exemption(app)
    page = client.get("/ppid/dip?kategori=berkala&tahun=2026").get_data(as_text=True)
    for url in ("/ppid/dip.csv?", "/ppid/dip.xlsx?", "/api/v1/ppid/dip?"):
        link = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith(url))
        assert "kategori=berkala" in link and "tahun=2026" in link, url
    assert 'class="open-formats' in page
    exemptions = text(client.get("/ppid/dikecualikan"))
    for url in ("/ppid/dikecualikan.csv", "/ppid/dikecualikan.xlsx", "/api/v1/ppid/dikecualikan"):
        assert f'href="{url}"' in exemptions, url
