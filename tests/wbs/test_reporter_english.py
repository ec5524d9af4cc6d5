"""WBS reporter side in English (?lang=en): the refusals a reporter meets (a wrong code, an empty reply, a
PDF that may still name its author) are read in the reporter's language; the upload warning is a
DomainError whose message id stays Indonesian until it is read."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from portal.wbs.uploads import PdfMetadataWarning, clean_uploads
from tests.wbs_helpers import pdf_with_jpx_image, report_data, submit


def test_a_wrong_code_is_refused_in_english(client):
    response = client.post("/wbs/lacak?lang=en", data={"receipt": "0000-0000-0000-0000"})
    assert response.status_code == 403
    assert "Report code not recognised. Check the 16 digits of your code again." in response.get_data(
        as_text=True)


def test_an_empty_reply_is_refused_in_english(client):
    _, receipt = submit(client)
    response = client.post("/wbs/lacak/balas?lang=en", data={"receipt": receipt, "body": "  "},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 422
    assert "Write a message or attach a file." in response.get_data(as_text=True)


def test_the_pdf_metadata_warning_is_a_domain_error_read_in_the_readers_language(app):
    upload = FileStorage(io.BytesIO(pdf_with_jpx_image()), filename="laporan.pdf",
                         content_type="application/pdf")
    with app.test_request_context("/wbs/lapor?lang=en"), pytest.raises(PdfMetadataWarning) as caught:
        clean_uploads([upload], app.config, accept_pdf_metadata=False)
    warning = caught.value
    assert warning.msgid.startswith("Berkas %(names)s mungkin masih memuat nama penulis")
    assert warning.params == {"names": "laporan.pdf"}
    with app.test_request_context("/wbs/lapor?lang=en"):
        assert warning.message.startswith("The file(s) laporan.pdf may still contain an author's name")
    with app.test_request_context("/wbs/lapor"):
        assert warning.message.startswith("Berkas laporan.pdf mungkin masih memuat nama penulis")


def test_the_report_form_warns_about_a_risky_pdf_in_english(client):
    data = {**report_data(), "files": [(io.BytesIO(pdf_with_jpx_image()), "laporan.pdf")]}
    response = client.post("/wbs/lapor?lang=en", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "may still contain an author&#39;s name" in html or "may still contain an author's name" in html
    assert "mungkin masih memuat nama penulis" not in html
