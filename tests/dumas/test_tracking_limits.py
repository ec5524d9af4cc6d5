"""DUMAS tracking limits (issue 10 C5): wrong codes are counted per number, a stranger's wrong codes keep the
reporter out for a short window at most, and guessing stays bounded per number and per client."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from tests.dumas_public_helpers import load_categories, submit_ok

SUBJECT = "Antrean layanan salinan DPT terlalu lama"  # shown on the case page (form_data default)


def _track(client, number, code, addr):
    return client.post("/pengaduan/lacak", data={"number": number, "code": code},
                       environ_base={"REMOTE_ADDR": addr})


def _opens_case(response) -> bool:
    return response.status_code == 200 and SUBJECT in response.get_data(as_text=True)


def _wrong(code: str) -> str:
    return "2222-2222" if code != "2222-2222" else "3333-3333"


@pytest.fixture
def limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    number, code = submit_ok(app.test_client(), load_categories(app)["pelayanan"])
    return app, number, code


def test_strangers_wrong_codes_lock_the_number_for_a_short_window_only(limited):
    app, number, code = limited
    client = app.test_client()
    with freeze_time(datetime.now(UTC)) as frozen:
        wrong = [_track(client, number, _wrong(code), "10.6.6.1").status_code for _ in range(5)]
        assert wrong == [200] * 5  # each one evaluated and refused with the "not found" page
        during = _track(client, number, code, "10.0.0.7")  # the reporter, elsewhere, with the right code
        assert during.status_code == 429 and "Terlalu banyak permintaan" in during.get_data(as_text=True)
        assert 0 < int(during.headers["Retry-After"]) <= 61
        frozen.tick(timedelta(seconds=61))
        assert _opens_case(_track(client, number, code, "10.0.0.7"))


def test_a_sustained_guessing_campaign_never_keeps_the_reporter_out_past_the_window(limited):
    """30 wrong codes in ten minutes from six addresses: today's per-number '30 per hour' locked the reporter
    out for the rest of the hour; now the lock ends one window after the last counted wrong code."""
    app, number, code = limited
    client = app.test_client()
    with freeze_time(datetime.now(UTC)) as frozen:
        for attacker in range(6):
            for _ in range(5):
                _track(client, number, _wrong(code), f"10.6.6.{attacker + 1}")
            frozen.tick(timedelta(seconds=61))
        assert _opens_case(_track(client, number, code, "10.0.0.7"))


def test_right_codes_never_count_against_the_number(limited):
    app, number, code = limited
    client = app.test_client()
    with freeze_time(datetime.now(UTC)):
        # the reporter (and family, from several devices) opens the case often within one minute
        assert all(_opens_case(_track(client, number, code, f"10.0.1.{i}")) for i in range(8))


def test_guessing_stays_bounded_per_number_and_per_client(limited):
    app, number, code = limited
    client = app.test_client()
    with freeze_time(datetime.now(UTC)) as frozen:
        # many fresh addresses: only 5 wrong codes per window are evaluated for one number
        statuses = [_track(client, number, _wrong(code), f"10.9.0.{i}").status_code for i in range(12)]
        assert statuses == [200] * 5 + [429] * 7
        frozen.tick(timedelta(seconds=61))
        statuses = [_track(client, number, _wrong(code), f"10.9.1.{i}").status_code for i in range(7)]
        assert statuses == [200] * 5 + [429] * 2  # refused attempts did not extend or deepen the lock
        # per client: 5 per minute whatever the number
        frozen.tick(timedelta(seconds=61))
        per_client = [_track(client, f"DUMAS-2026-{n:05d}", "AAAA-AAAA", "10.8.8.8").status_code
                      for n in range(100, 106)]
        assert per_client == [200] * 5 + [429]
        assert _track(client, "DUMAS-2026-00200", "AAAA-AAAA", "10.8.8.8").status_code == 429


def test_per_number_lock_is_shared_with_the_add_information_form(limited):
    app, number, code = limited
    client = app.test_client()
    with freeze_time(datetime.now(UTC)) as frozen:
        for i in range(5):
            response = client.post("/pengaduan/lacak/tambah",
                                   data={"number": number, "code": _wrong(code), "text": "x"},
                                   environ_base={"REMOTE_ADDR": f"10.7.0.{i}"})
            assert response.status_code == 200
        assert _track(client, number, code, "10.0.0.7").status_code == 429
        frozen.tick(timedelta(seconds=61))
        assert _opens_case(_track(client, number, code, "10.0.0.7"))


def test_lock_window_is_configurable(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      DUMAS_TRACK_NUMBER_MAX_FAILURES=2, DUMAS_TRACK_NUMBER_LOCK_SECONDS=120)
    number, code = submit_ok(app.test_client(), load_categories(app)["pelayanan"])
    client = app.test_client()
    with freeze_time(datetime.now(UTC)) as frozen:
        assert [_track(client, number, _wrong(code), "10.6.6.1").status_code for _ in range(2)] == [200, 200]
        assert _track(client, number, code, "10.0.0.7").status_code == 429
        frozen.tick(timedelta(seconds=61))
        assert _track(client, number, code, "10.0.0.8").status_code == 429
        frozen.tick(timedelta(seconds=60))
        assert _opens_case(_track(client, number, code, "10.0.0.7"))
