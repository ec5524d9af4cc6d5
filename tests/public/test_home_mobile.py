"""Home on a phone (issue 12 §4): the calls to action (complaint, WBS, survey) sit in the hero, before the
list of services, and the survey promises the same time on every page that mentions it."""
from __future__ import annotations

import re

from portal.extensions import db
from portal.standards import service as standards
from portal.survey import service as survey

SURVEY_TIME = "Selesai dalam sekitar tiga menit."


def test_hero_carries_the_three_calls_to_action(client):
    html = client.get("/").get_data(as_text=True)
    hero = html[html.index('<section class="hero'):html.index("</section>")]
    links = re.findall(r'<a class="btn ([\w-]+) w-100" href="([^"]+)">([^<]+)</a>', hero)
    assert [(href, text) for _, href, text in links] == [
        ("/pengaduan", "Ajukan Pengaduan"), ("/wbs", "Laporkan Pelanggaran (WBS)"),
        ("/survei", "Isi Survei Kepuasan")]
    assert 'aria-label="Layanan utama"' in hero
    # before the cards of every service
    assert html.index('<section class="hero') < html.index("Layanan portal")


def test_one_survey_time_everywhere(app, client):
    with app.app_context():
        service = standards.create_service(db.session, name="Layanan Informasi Publik (PPID)",
                                           slug="layanan-ppid")
        db.session.flush()
        survey.save_service_config(db.session, service, actor=None, survey_open=True, is_free=True,
                                   biaya_mode="tanya", annual_population=None, require_token=False)
        db.session.commit()
    pages = {"/": None, "/survei": None}
    for path in pages:
        pages[path] = client.get(path).get_data(as_text=True)
    poster = client.get("/survei/poster/layanan-ppid")
    pages["poster"] = poster.get_data(as_text=True)
    assert poster.status_code == 200, poster.status_code
    for path, html in pages.items():
        assert SURVEY_TIME in html, path
        assert "dua menit" not in html and "Hanya perlu" not in html, path
