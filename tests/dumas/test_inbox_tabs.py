"""The DUMAS inbox made for a day's work (issue 12 §5): status tabs with their counts under the other filters
(one GROUP BY), "Kasus saya", sortable columns (urut=, aria-sort), one-line dates, pagination kept."""
from __future__ import annotations

import re

from sqlalchemy import event

from portal.extensions import db
from tests.dumas.inbox_helpers import numbers, text


def _tabs(response) -> dict[str, str]:
    """Tab label -> its count, from the status tab bar."""
    bar = re.search(r'<nav aria-label="Status aduan".*?</nav>', response.get_data(as_text=True), re.DOTALL)[0]
    return dict(re.findall(r'>\s*([^<>]+?) <span class="badge[^"]*">(\d+)</span>', bar))


def test_tabs_count_every_status(client, login_as, cases):
    login_as("dumas")
    tabs = _tabs(client.get("/admin/pengaduan"))
    assert tabs == {"Semua": "6", "Diterima": "2", "Diverifikasi": "1", "Diproses": "1", "Selesai": "1",
                    "Ditolak": "1", "Diteruskan": "0"}


def test_tab_counts_follow_the_other_filters_not_the_status(client, login_as, cases):
    login_as("dumas")
    response = client.get(f"/admin/pengaduan?status=diterima&kategori={cases.cats['pelayanan']}")
    assert numbers(response) == [cases.n["new2"]]
    tabs = _tabs(response)
    assert tabs["Semua"] == "3" and tabs["Diterima"] == "1" and tabs["Selesai"] == "1"
    assert tabs["Diproses"] == "0"
    # the active tab is marked, and its link keeps the other filters
    body = response.get_data(as_text=True)
    assert re.search(r'class="nav-link[^"]* active" aria-current="page" href="[^"]*status=diterima', body)
    assert f'href="/admin/pengaduan?status=diproses&amp;kategori={cases.cats["pelayanan"]}"' in body


def test_counts_are_one_group_by_query(app, client, login_as, cases):
    login_as("dumas")
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            client.get("/admin/pengaduan")
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    grouped = [s for s in statements if "GROUP BY complaints.status" in s]
    assert len(grouped) == 1, grouped


def test_my_cases(client, auth, cases):
    auth.login(cases.budi.email)
    response = client.get("/admin/pengaduan?petugas=saya")
    assert sorted(numbers(response)) == sorted([cases.n["verified"], cases.n["done"]])
    assert 'aria-current="page" href="/admin/pengaduan">Kasus saya' in response.get_data(as_text=True)
    assert _tabs(response)["Semua"] == "2"
    # the filter form offers it too
    assert '<option selected value="saya">Kasus saya</option>' in response.get_data(as_text=True)


def test_my_cases_of_someone_with_none(client, login_as, cases):
    login_as("dumas")
    assert numbers(client.get("/admin/pengaduan?petugas=saya")) == []


def test_pimpinan_has_no_my_cases_link(client, login_as, cases):
    login_as("pimpinan")
    assert "Kasus saya</a>" not in text(client.get("/admin/pengaduan"))


def test_default_order_is_newest_first(client, login_as, cases):
    login_as("dumas")
    n = cases.n
    assert numbers(client.get("/admin/pengaduan")) == [
        n["new2"], n["rejected"], n["process"], n["verified"], n["new"], n["done"]]


def test_sort_by_number_both_ways(client, login_as, cases):
    login_as("dumas")
    ascending = numbers(client.get("/admin/pengaduan?urut=nomor"))
    assert ascending == sorted(cases.n.values())
    assert numbers(client.get("/admin/pengaduan?urut=-nomor")) == sorted(cases.n.values(), reverse=True)


def test_sort_by_status_follows_the_workflow(client, login_as, cases):
    login_as("dumas")
    n = cases.n
    order = numbers(client.get("/admin/pengaduan?urut=status"))
    assert order[:2] == [n["new"], n["new2"]]  # diterima, oldest received first
    assert order[2:] == [n["verified"], n["process"], n["done"], n["rejected"]]


def test_sort_by_deadline(client, login_as, cases):
    login_as("dumas")
    order = numbers(client.get("/admin/pengaduan?urut=tenggat"))
    assert order.index(cases.n["new"]) < order.index(cases.n["new2"])  # earlier verification deadline


def test_sort_headers_are_links_with_aria_sort(client, login_as, cases):
    login_as("dumas")
    body = client.get("/admin/pengaduan?status=diterima&urut=nomor").get_data(as_text=True)
    header = re.search(r"<thead>.*?</thead>", body, re.DOTALL)[0]
    assert re.search(r'<th scope="col" class="text-nowrap" aria-sort="ascending">\s*'
                     r'<a href="/admin/pengaduan\?status=diterima&amp;urut=-nomor"', header)
    assert header.count("aria-sort") == 1
    assert 'href="/admin/pengaduan?status=diterima&amp;urut=tenggat"' in header
    # the default order: newest first marks "Diterima" descending; its link turns it round
    body = client.get("/admin/pengaduan").get_data(as_text=True)
    header = re.search(r"<thead>.*?</thead>", body, re.DOTALL)[0]
    assert re.search(r'aria-sort="descending">\s*<a href="/admin/pengaduan\?urut=diterima"', header)


def test_unknown_sort_is_the_default(client, login_as, cases):
    login_as("dumas")
    assert numbers(client.get("/admin/pengaduan?urut=--nomor")) == numbers(client.get("/admin/pengaduan"))
    assert numbers(client.get("/admin/pengaduan?urut=reporter_email")) == numbers(
        client.get("/admin/pengaduan"))


def test_dates_are_short_and_on_one_line(client, login_as, cases):
    login_as("dumas")
    body = text(client.get("/admin/pengaduan"))
    assert '<td class="text-nowrap">2 Nov 2026</td>' in body
    assert "2 November 2026" not in body
    english = text(client.get("/admin/pengaduan?lang=en"))
    assert '<td class="text-nowrap">2 Nov 2026</td>' in english
    assert '<td class="text-nowrap">20 Nov 2026</td>' in english


def test_pagination_keeps_filters_and_order(app, client, login_as, cases):
    from tests.dumas_factories import make_complaint

    with app.app_context():
        for i in range(26):
            make_complaint(db.session, subject=f"Aduan nomor {i} tentang layanan")
        db.session.commit()
    login_as("dumas")
    first = client.get("/admin/pengaduan?status=diterima&urut=nomor")
    assert len(numbers(first)) == 25
    body = first.get_data(as_text=True)
    assert "status=diterima&amp;urut=nomor&amp;page=2" in body
    second = client.get("/admin/pengaduan?status=diterima&urut=nomor&halaman=2")
    assert len(numbers(second)) == 3
    assert numbers(first)[-1] < numbers(second)[0]
