"""Helpers of the open-formats tests (issue 12 §1): read a CSV download, validate a feature's OpenAPI
fragment (portal/<feature>/openapi/open_formats.yaml) and a response against it."""
from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator import validate

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "CSV without a UTF-8 BOM"
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    assert again.getvalue() == text, "CSV records must end in CRLF"  # a line break inside a cell is quoted
    return rows


@cache
def fragment_document(feature: str) -> dict:
    """The feature's fragment wrapped in a minimal OpenAPI 3.1 document, validated."""
    fragment = yaml.safe_load((PORTAL / feature / "openapi" / "open_formats.yaml").read_text("utf-8"))
    assert set(fragment) <= {"paths", "components"}
    document = {"openapi": "3.1.0", "info": {"title": feature, "version": "1"},
                "servers": [{"url": "http://localhost"}], **fragment}
    validate(document)
    return document


def check_response(feature: str, path: str, pattern: str, response, view_args: dict | None = None) -> None:
    """Validate a test-client response of GET `path` (documented as `pattern`) against the fragment."""
    spec = OpenAPI.from_dict(fragment_document(feature))
    request = MockRequest("http://localhost", "get", path, path_pattern=pattern, view_args=view_args or {})
    spec.validate_response(request, MockResponse(response.get_data(), status_code=response.status_code,
                                                 content_type=response.mimetype))


def assert_open(response) -> None:
    """The open-data headers (portal/core/open_data.py)."""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers.get("ETag")
