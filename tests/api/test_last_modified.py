"""Last-Modified on the recap API (issue 12 §1: ETag and Last-Modified on the open endpoints)."""
from __future__ import annotations

from email.utils import parsedate_to_datetime

from portal.extensions import db
from portal.recap import service as recaps


def test_recap_api_says_when_it_was_published_and_answers_304(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        published = recaps.get_snapshot(db.session, "2026-T3").published_at
        newest = max(s.published_at for s in db.session.scalars(recaps.published_query()))
    detail = client.get("/api/v1/rekap/dumas/2026-T3")
    assert parsedate_to_datetime(detail.headers["Last-Modified"]) == published.replace(microsecond=0)
    listing = client.get("/api/v1/rekap/dumas")
    assert parsedate_to_datetime(listing.headers["Last-Modified"]) == newest.replace(microsecond=0)
    again = client.get("/api/v1/rekap/dumas/2026-T3",
                       headers={"If-Modified-Since": detail.headers["Last-Modified"]})
    assert again.status_code == 304 and again.data == b""
    assert "Last-Modified" not in client.get("/api/v1/rekap/dumas/1999").headers  # 404: nothing to date
