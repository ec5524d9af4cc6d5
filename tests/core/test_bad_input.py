"""Issue 10 D: bad input never gives a 5xx. One test per reported example and one per class:

1. query arguments reaching `url_for` (`?endpoint=`, `?_method=`, `?period_key=`): every link builder copies
   the query string through portal.core.routing.url_with_args;
2. integers beyond a database integer in `<int:>` routes and integer form fields: the bounded `int`
   converter (portal/core/routing.py) and the one integer parser/field (portal/core/validation.py,
   portal/core/fields.py);
3. a long or odd logo path in the settings (ENAMETOOLONG): validated before the file system is asked;
4. a blank or odd year/quarter in a query string (`tw=" "`): one parser in portal/core/periods.py.
"""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from portal.core import audit
from portal.dumas.models import Category
from portal.extensions import db
from tests.dumas_factories import make_category, make_complaint

RESERVED = ["endpoint", "_method", "_external", "_anchor", "_scheme", "values"]
BIG = ["2147483648", "9223372036854775808", "99999999999999999999999"]


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _many_audit_rows(app, n: int = 120) -> None:
    with app.app_context():
        for i in range(n):
            audit.record(db.session, None, "uji.baris", object_type="uji", object_id=i)
        db.session.commit()


# --- 1. query arguments in link builders --------------------------------------------------------------------

@pytest.mark.parametrize("name", RESERVED)
def test_reported_action_plan_with_url_for_parameter_in_query(client, name):
    """Reported: /rencana-aksi?endpoint=x (and ?_method=x) was a 500 (the JSON link got **request.args)."""
    response = client.get(f"/rencana-aksi?{name}=x&area=I")
    assert response.status_code == 200
    # the open-data link keeps the plan's filters only
    assert 'href="/api/v1/rencana-aksi?area=I"' in response.get_data(as_text=True)


def test_reported_recap_canonical_redirect_with_period_key_in_query(app, client, make_user):
    """Reported: ?period_key= on a recap page whose key is not canonical was a 500 (TypeError in url_for)."""
    from portal.core import periods
    from portal.recap import service as recaps

    admin = make_user("admin")
    with app.app_context():
        recaps.publish(db.session, periods.year_period(2025), db.session.merge(admin), kind="dumas")
        db.session.commit()
    response = client.get("/rekap/2025%20?period_key=x&endpoint=y&_method=z&tabel=a")
    assert response.status_code == 301
    location = response.headers["Location"]
    assert location.startswith("/rekap/2025?") and "tabel=a" in location
    assert "period_key" not in location and "endpoint" not in location and "_method" not in location


@pytest.mark.parametrize("name", RESERVED + ["page", "action"])
def test_pagination_links_survive_any_query_argument(app, client, login_as, name):
    """Class: the pagination macro built links from **request.args (`?_method=x` on /admin/audit was a
    500)."""
    _many_audit_rows(app)
    login_as("admin")
    response = client.get(f"/admin/audit?{name}=x")
    assert response.status_code == (404 if name == "page" else 200)  # ?page=x: no such page
    page = client.get("/admin/audit?action=uji&_method=x&endpoint=y")
    text = _text(page)
    assert page.status_code == 200
    links = re.findall(r'class="page-link"[^>]*href="([^"]+)"', text)
    assert links and all("action=uji" in link for link in links)
    assert not any("_method" in link or "endpoint" in link for link in links)
    assert any(link.endswith("halaman=2") for link in links)  # the shared vocabulary (issue 12 §5)


def test_language_links_drop_url_for_parameters(client):
    text = _text(client.get("/rencana-aksi?area=I&_method=x&endpoint=y&_anchor=z"))
    assert 'href="/rencana-aksi?area=I&lang=en"' in text


@pytest.mark.parametrize("path", ["/", "/rencana-aksi", "/rekap", "/standar-pelayanan", "/pengaduan", "/wbs",
                                  "/survei", "/tidak-ada"])
def test_public_pages_with_every_reserved_argument(client, path):
    """Class: every reserved name at once (and twice), on pages with and without a route."""
    query = "&".join(f"{n}=x&{n}=" for n in RESERVED) + "&lang=en&period_key=2026&page=1"
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500
    assert "_method" not in response.get_data(as_text=True).split("</main>")[-1]  # footer links


# --- 2. integers beyond the database's range ----------------------------------------------------------------

def test_every_int_route_is_bounded_to_a_database_integer(app):
    """Class: every `<int:>` argument of every route refuses values a PostgreSQL integer cannot hold."""
    from werkzeug.routing import IntegerConverter

    checked = 0
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert converter.max is not None and converter.max <= 2 ** 31 - 1, (rule.rule, name)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("value", BIG)
@pytest.mark.parametrize("role,path", [("admin", "/admin/pengguna/{}"), ("wbs", "/admin/wbs/{}"),
                                       ("editor", "/admin/konten/{}"), ("dumas", "/admin/zi/kegiatan/{}"),
                                       ("dumas", "/admin/zi/bukti/{}/unduh")])
def test_reported_huge_ids_in_routes_are_not_found(client, login_as, role, path, value):
    """Reported: /admin/pengguna/2147483648 and /admin/wbs/2147483648 were 500 on PostgreSQL (2**63 on
    SQLite)."""
    login_as(role)
    response = client.get(path.format(value))
    assert response.status_code == 404


@pytest.fixture
def dumas_case(app):
    with app.app_context():
        category = db.session.scalar(select(Category)) or make_category(db.session)
        return make_complaint(db.session, category=category, commit=True).number


@pytest.mark.parametrize("value", BIG + ["-2147483649", "１２", "²"])
def test_integer_select_fields_refuse_huge_ids(app, client, login_as, dumas_case, value):
    """Class (form fields): the officer and category ids posted to a case, beyond a database integer."""
    login_as("dumas")
    for action, field in (("petugas", "officer_id"), ("kategori", "category_id")):
        response = client.post(f"/admin/pengaduan/{dumas_case}/{action}", data={field: value})
        assert response.status_code < 500, (action, response.status_code)


@pytest.mark.parametrize("value", BIG)
def test_integer_query_arguments_beyond_the_database(client, login_as, value):
    """Class (query strings): ids and years in filters are read by the one parser."""
    login_as("dumas")
    for path in (f"/admin/pengaduan?category={value}&officer={value}",
                 f"/admin/pengaduan/libur?tahun={value}"):
        assert client.get(path).status_code < 500, path


@pytest.mark.parametrize("field,value,message", [
    ("s1-annual_population", "99999999999999999999", "angka bulat"),
    ("s1-annual_population", "１２", "angka bulat"),
])
def test_integer_form_field_message_is_indonesian(app, client, login_as, field, value, message):
    from portal.core import defaults

    with app.app_context():
        defaults.load_all(db.session)
        db.session.commit()
    login_as("admin")
    response = client.post("/admin/survei/pengaturan/layanan/1", data={field: value, "s1-survey_open": "y"})
    assert response.status_code == 422
    assert message in _text(response)


def test_int_field_strict_parsing(app):
    """The shared form field: ASCII digits within its range; others get an Indonesian message, data None."""
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    from portal.core.fields import IntField

    class F(Form):
        n = IntField("n", min_value=0, max_value=10)

    with app.test_request_context():
        for raw, data, ok in [("7", 7, True), (" 7 ", 7, True), ("", None, True), ("11", None, False),
                              ("2147483648", None, False), ("１２", None, False), ("²", None, False),
                              ("1_0", None, False), ("9" * 5000, None, False)]:
            form = F(MultiDict({"n": raw}))
            assert form.validate() is ok, raw
            assert form.n.data == data, raw
            if not ok:
                assert "bilangan" in " ".join(form.n.errors), (raw, form.n.errors)


# --- 3. a setting that becomes a file path ------------------------------------------------------------------

@pytest.mark.parametrize("logo", ["a" * 300, "img/" + "b" * 260 + ".svg", "/etc/passwd", "../../etc/passwd",
                                  "img/../../portal/config.py", "img\\logo.svg", "img/logo.svg\u202e",
                                  "img/ logo.svg", "img/logo.txt", "img//logo.svg", "img/tidak-ada.svg"])
def test_reported_long_or_odd_logo_path_is_refused(app, client, login_as, logo):
    """Reported: a 300-character logo path was a 500 (ENAMETOOLONG from stat())."""
    login_as("admin")
    response = client.post("/admin/pengaturan", data={"office_name": "KPU Uji", "logo_path": logo})
    assert response.status_code == 400
    assert "Logo harus" in _text(response)
    with app.app_context():
        from portal.core import site_settings

        assert site_settings.get_all(db.session)["logo_path"] == "img/logo.svg"


def test_valid_logo_path_is_saved(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/pengaturan", data={"office_name": "KPU Uji", "logo_path": "img/logo.svg"})
    assert response.status_code == 302


def test_long_static_path_is_not_found(client):
    assert client.get("/static/" + "a" * 300 + ".svg").status_code == 404
    assert client.get("/static/img/" + "a/" * 3000 + "x.svg").status_code == 404


# --- 4. year / quarter / month in query strings -------------------------------------------------------------

@pytest.mark.parametrize("path", ["/admin/wbs/triwulan", "/admin/wbs/triwulan.xlsx"])
@pytest.mark.parametrize("query,status", [
    ("tw=%20", 200), ("tw=", 200), ("tahun=%20&tw=%20", 200), ("tahun=2026&tw=2", 200),
    ("tw=5", 400), ("tw=x", 400), ("tw=%C2%B2", 400), ("tw=2147483648", 400), ("tahun=abc", 400),
    ("tahun=" + "9" * 400, 400), ("tahun=" + "9" * 5000, 400), ("tahun=1999", 400),
])
def test_reported_blank_quarter_on_wbs_quarterly_pages(client, login_as, path, query, status):
    """Reported: /admin/wbs/triwulan?tw=%20 was a 500 (int(" ")); a blank value means the current quarter."""
    login_as("wbs")
    assert client.get(f"{path}?{query}").status_code == status


def test_blank_quarter_on_publish_is_the_current_quarter(app, client, login_as):
    login_as("wbs")
    response = client.post("/admin/wbs/triwulan/terbitkan", data={"tahun": " ", "tw": " "})
    assert response.status_code in (302, 303)
    bad = client.post("/admin/wbs/triwulan/terbitkan", data={"tahun": "2026", "tw": "9"})
    assert bad.status_code == 400


@pytest.mark.parametrize("path", ["/rencana-aksi", "/rencana-aksi/progres", "/api/v1/rencana-aksi",
                                  "/admin/zi", "/admin/zi/reviu", "/admin/zi/laporan",
                                  "/admin/pengaduan/libur"])
@pytest.mark.parametrize("value", ["9" * 5000, "%20", "%C2%B2", "%D9%A1%D9%A2", "2147483648", "-1"])
def test_year_arguments_go_through_one_parser(client, login_as, path, value):
    """Class: a year that int() cannot even read (over 4300 digits) was a 500 on the action plan pages."""
    if path.startswith("/admin"):
        login_as("dumas")
    response = client.get(f"{path}?tahun={value}")
    assert response.status_code in (200, 400, 404), response.status_code


def test_period_parsers():
    from portal.core import periods
    from portal.core.errors import DomainError

    assert periods.parse_year(" 2026 ") == 2026 and periods.parse_year(" ") is None
    assert periods.parse_quarter("3") == 3 and periods.parse_quarter(None) is None
    assert periods.parse_month("12") == 12 and periods.parse_semester("2") == 2
    for parse, raw in [(periods.parse_year, "1999"), (periods.parse_year, "9" * 5000),
                       (periods.parse_quarter, "5"), (periods.parse_quarter, "²"),
                       (periods.parse_month, "13"), (periods.parse_semester, "0")]:
        with pytest.raises(DomainError):
            parse(raw)


@pytest.mark.parametrize("query", ["page=" + "9" * 4301, "officer=" + "9" * 4301, "category=" + "9" * 4301,
                                   "page=%D9%A1%D9%A2"])
def test_numbers_int_cannot_read_are_not_a_500(app, client, login_as, query):
    """Found by the sweep of tests/core/test_fuzz.py: int() of over 4300 digits raises ValueError; the page
    guard of every list (portal/extensions.py) and the inbox officer filter called it unguarded."""
    _many_audit_rows(app, 5)
    login_as("dumas", "admin")
    for path in ("/admin/pengaduan", "/admin/audit", "/rekap"):
        assert client.get(f"{path}?{query}").status_code in (200, 404), path
