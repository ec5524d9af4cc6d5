"""The first WBS reports on a brand-new install arrive at once: every one is filed (none lost to the race
that creates the key file and records its fingerprint)."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.core.models.setting import Setting
from portal.extensions import db
from portal.wbs import crypto as wbs_crypto
from portal.wbs.models import WbsReport
from tests.wbs_helpers import report_data


def _token(client) -> str:
    import re

    html = client.get("/wbs/lapor").get_data(as_text=True)
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_simultaneous_first_reports_on_a_fresh_install_are_all_filed(app):
    key_file = app.config["WBS_KEY_FILE"]
    assert not __import__("os").path.exists(key_file)  # a fresh install: no key yet
    clients = [app.test_client() for _ in range(4)]
    tokens = [_token(c) for c in clients]
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []

    def send(client, token):
        barrier.wait()
        codes.append(client.post("/wbs/lapor", data={**report_data(), "form_token": token}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert codes == [302] * len(clients)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WbsReport)) == len(clients)
        assert db.session.scalar(select(func.count()).select_from(Setting).where(
            Setting.key == wbs_crypto.FINGERPRINT_SETTING)) == 1


def test_key_file_is_never_seen_half_written(tmp_path, monkeypatch):
    """The key file appears complete or not at all: written and synced aside, then linked into place."""
    path = tmp_path / "wbs.key"
    visible_when_synced: list[bool] = []
    real_fsync = wbs_crypto.os.fsync

    def spying_fsync(fd):
        visible_when_synced.append(path.exists())
        return real_fsync(fd)

    monkeypatch.setattr(wbs_crypto.os, "fsync", spying_fsync)
    key = wbs_crypto.generate_master_key()
    wbs_crypto.write_key_file(path, key)
    assert path.read_text().strip() == key and oct(path.stat().st_mode & 0o777) == "0o600"
    assert visible_when_synced and not any(visible_when_synced)  # synced before anyone can read it
    assert [p.name for p in tmp_path.iterdir()] == ["wbs.key"]  # no temporary file left behind
    other = wbs_crypto.generate_master_key()
    try:
        wbs_crypto.write_key_file(path, other)
    except FileExistsError:
        pass
    assert path.read_text().strip() == key  # never overwritten
