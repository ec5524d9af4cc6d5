"""Checking open-API answers against the OpenAPI document (docs/api.md, "Validating").

    api = ApiClient(client)            # reads /api/v1/openapi.json once
    response = api.get("/api/v1/rekap/dumas")   # GET, then the answer is validated against the document
    api.validate(other_response)       # any test-client response of a documented path

Validation uses openapi-core (the request must match a documented path and method, the status a
documented response, the body its schema). `naming_errors(body, schema, doc)` lists the JSON keys that break
the naming rule (English snake_case), skipping the keys of objects the document declares as maps.
"""
from __future__ import annotations

import re
from typing import Any

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# Indonesian words that must not name a JSON field (any part of a snake_case key).
INDONESIAN_WORDS = frozenset({
    "judul", "tahun", "jumlah", "kode", "bukti", "fisik", "bulan", "kegiatan", "periode", "keputusan",
    "rincian", "selesai", "diterima", "diproses", "ditolak", "diteruskan", "diverifikasi", "urutan", "tautan",
    "otomatis", "kunci", "persen", "langkah", "aksi", "penanggung", "jawab", "pelaksanaan", "indikator",
    "komponen", "tanggal", "nama", "kategori", "kanal", "tim", "jatuh", "tempo", "nomor", "layanan",
    "pengaduan", "aduan", "rekap", "dibuat", "diperbarui", "keterangan", "catatan", "jenis", "nilai",
    "subjudul", "sebagian", "belum", "waktu", "instansi", "alamat", "berkas",
})


class ApiClient:
    """A Flask test client wrapper that validates every answer against the served OpenAPI document."""

    def __init__(self, client, base_url: str | None = None):
        self.client = client
        self.base_url = base_url
        response = self._get("/api/v1/openapi.json")
        assert response.status_code == 200, response.status_code
        self.document: dict[str, Any] = response.get_json()
        self.openapi = OpenAPI.from_dict(self.document)

    def _get(self, path: str, **kwargs):
        if self.base_url:
            kwargs.setdefault("base_url", self.base_url)
        return self.client.get(path, **kwargs)

    def get(self, path: str, **kwargs):
        """GET `path` and validate the answer; returns the response."""
        response = self._get(path, **kwargs)
        self.validate(response)
        return response

    def validate(self, response) -> None:
        """Raise (openapi-core's errors) unless `response` matches the document for its request."""
        self.openapi.validate_response(WerkzeugOpenAPIRequest(response.request),
                                       WerkzeugOpenAPIResponse(response))

    def schema_of(self, path: str, status: int = 200, method: str = "get") -> dict[str, Any]:
        """The JSON schema the document gives for `path` (a document path, `{name}` included) and `status`."""
        operation = self.document["paths"][path][method]
        answer = resolve(self.document, operation["responses"][str(status)])
        return (answer.get("content") or {}).get("application/json", {}).get("schema", {})


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _object_views(doc: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """The object schemas a value may be described by (allOf merged, each branch of anyOf/oneOf)."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return [{}]
    views = [schema]
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key, []):
            views.extend(_object_views(doc, branch))
    return views


def key_error(key: str) -> str | None:
    """Why `key` breaks the naming rule, or None."""
    if not KEY.match(key):
        return "not snake_case"
    words = set(key.split("_")) & INDONESIAN_WORDS
    return f"Indonesian ({', '.join(sorted(words))})" if words else None


def _merged(doc: dict[str, Any], schema: Any) -> tuple[dict[str, Any], Any, Any]:
    """(properties, additionalProperties schema or None, items schema) over every view of `schema`."""
    properties: dict[str, Any] = {}
    extra: Any = None
    items: Any = {}
    for view in _object_views(doc, schema):
        properties.update(view.get("properties") or {})
        if isinstance(view.get("additionalProperties"), dict):
            extra = view["additionalProperties"]
        items = view.get("items", items)
    return properties, extra, items


def naming_errors(value: Any, schema: Any, doc: dict[str, Any], where: str = "$") -> list[str]:
    """Keys of `value` (recursively) that are not English snake_case: not `^[a-z][a-z0-9_]*$`, or made of an
    Indonesian word. Keys of an object documented as a map (additionalProperties, no properties) are data
    (the portal's codes) and are not checked; their values are."""
    errors: list[str] = []
    properties, extra, items = _merged(doc, schema)
    if isinstance(value, dict):
        is_map = not properties and extra is not None
        for key, item in value.items():
            problem = None if is_map else key_error(key)
            if problem:
                errors.append(f"{where}.{key}: {problem}")
            errors += naming_errors(item, properties.get(key, extra or {}), doc, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            errors += naming_errors(item, items, doc, f"{where}[{index}]")
    return errors
