"""Issue 10 A5: a WBS upload never touches the disk, not even while the form is parsed. Werkzeug spools a
body over 500 KB into a temporary file (its data blocks and inode times would record the submission on
disk); WBS requests are parsed in memory (bounded by MAX_CONTENT_LENGTH). Other forms keep the default."""
from __future__ import annotations

import io
import tempfile

import pytest
import werkzeug.formparser
from PIL import Image

from tests.wbs_helpers import report_data


def _big_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((900, 900), 60).convert("RGB").save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert len(data) > 600 * 1024  # over Werkzeug's in-memory limit
    return data


@pytest.fixture
def rollovers(monkeypatch):
    """Temporary files created by Werkzeug's stream factory (a SpooledTemporaryFile that rolled over)."""
    created: list[int] = []

    class Spy(tempfile.SpooledTemporaryFile):
        def rollover(self):
            created.append(1)
            return super().rollover()

    monkeypatch.setattr(werkzeug.formparser, "SpooledTemporaryFile", Spy)
    return created


def test_wbs_upload_is_parsed_in_memory(app, client, rollovers):
    import re

    html = client.get("/wbs/lapor").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    response = client.post("/wbs/lapor", data={**report_data(), "form_token": token,
                                               "attachments": [(io.BytesIO(_big_jpeg()), "foto.jpg")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and "/wbs/tanda-terima" in response.headers["Location"]
    assert rollovers == []


def test_other_forms_keep_the_default_spooling(app, client, rollovers):
    client.post("/pengaduan", data={"attachments": [(io.BytesIO(_big_jpeg()), "foto.jpg")]},
                content_type="multipart/form-data")
    assert rollovers  # the spy does see Werkzeug's default (so the WBS test above can fail)
