"""`attempt()`: a write that meets a unique constraint (another request wrote the same row first) is rolled
back and answered with a message, not a 500; what the other request wrote stands."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.models.setting import Setting
from portal.core.views import attempt
from portal.extensions import db


def test_a_unique_clash_is_a_message_and_nothing_half_written(app):
    with app.app_context():
        db.session.add(Setting(key="uji_kunci", value="pertama"))
        db.session.commit()

        def write_twice():
            db.session.add(Setting(key="uji_lain", value="x"))
            db.session.add(Setting(key="uji_kunci", value="kedua"))
            db.session.flush()

        with app.test_request_context("/"):
            outcome = attempt(write_twice, success="tersimpan")
            assert not outcome.ok
            assert "Muat ulang halaman" in outcome.error.message
            from flask import get_flashed_messages

            assert get_flashed_messages(with_categories=True) == [("danger", outcome.error.message)]
        keys = dict(db.session.execute(select(Setting.key, Setting.value)).all())
        assert keys.get("uji_kunci") == "pertama" and "uji_lain" not in keys
