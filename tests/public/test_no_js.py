"""Without JavaScript (issue 12 §4): the main menu opens from a link (CSS :target under body.no-js, which
portal.js removes), and buttons that need a script (print, copy) are hidden until the script runs."""
from __future__ import annotations

import re

from tests.phone_helpers import english_app


def test_menu_toggler_is_a_link_to_the_menu(client):
    html = client.get("/").get_data(as_text=True)
    assert '<body class="no-js' in html
    toggler = re.search(r'<a class="navbar-toggler"[^>]*>', html).group(0)
    assert 'href="#nav-utama"' in toggler and 'data-bs-target="#nav-utama"' in toggler
    assert 'aria-label="Buka menu"' in toggler
    assert "<button class=\"navbar-toggler\"" not in html
    menu = html[html.index('id="nav-utama"'):html.index("</nav>")]
    assert '<a class="nav-close-nojs" href="#">Tutup menu</a>' in menu
    assert 'href="/rencana-aksi"' in menu


def test_stylesheet_opens_the_target_menu_and_hides_script_buttons(client):
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    assert ".no-js #nav-utama:target" in css
    assert ".no-js [data-print]" in css and "[data-copy]" in css
    js = client.get("/static/js/portal.js").get_data(as_text=True)
    assert 'classList.remove("no-js")' in js and 'setAttribute("role", "button")' in js


def test_print_buttons_carry_the_marker_the_stylesheet_hides(client):
    html = client.get("/rencana-aksi").get_data(as_text=True)
    assert "data-print" in html


def test_english_menu_labels(app_factory, tmp_path):
    with english_app(app_factory, tmp_path / "en") as app:
        html = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert "Tutup menu" not in html and "Buka menu" not in html
    assert ">Close menu</a>" in html
