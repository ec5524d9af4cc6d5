"""A multipart part whose name Werkzeug cannot parse (`name="\\"`: the quote is escaped, so the quoted string
never ends) reaches the form as the key None. The NUL filter of portal/core/security.py read every key as
text: a 500 on every form (found by tests/core/test_fuzz.py on /wbs/lapor after the merge of issue 10). Such a
part names no field and is dropped; the rest of the form is read as usual."""
from __future__ import annotations

import uuid

import pytest

from tests.wbs_helpers import RECEIPT_RE, report_data


def _multipart(fields: list[tuple[bytes, bytes]]) -> tuple[bytes, str]:
    boundary = "b" + uuid.uuid4().hex
    parts = [b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n'
             + value + b"\r\n" for name, value in fields]
    body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


# with a NUL elsewhere: the rewriting branch
@pytest.mark.parametrize("other", [[], [(b"catatan", b"a\x00b")]])
def test_unnamed_part_is_ignored_and_the_wbs_report_is_filed(client, other):
    fields = [(name.encode(), value.encode()) for name, value in report_data().items()]
    body, ctype = _multipart([(b"\\", b"0"), *fields, *other])
    response = client.post("/wbs/lapor", data=body, content_type=ctype)
    assert response.status_code == 302 and response.headers["Location"].endswith("/wbs/tanda-terima")
    assert RECEIPT_RE.search(client.get("/wbs/tanda-terima").get_data(as_text=True))


def test_unnamed_part_on_the_login_form_is_a_refusal_not_a_500(client):
    body, ctype = _multipart([(b"\\", b"0"), (b"email", b"a@contoh.example"),
                              (b"password", b"salah-sekali-123")])
    response = client.post("/admin/login", data=body, content_type=ctype)
    assert response.status_code in (400, 401)
    assert "Traceback" not in response.get_data(as_text=True)
