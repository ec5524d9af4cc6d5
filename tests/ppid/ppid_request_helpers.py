"""Helpers for the PPID request tests: valid form data, the identity scan, filing and tracking."""
from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import func, select

from portal.extensions import db
from portal.ppid.models import InfoRequest, InfoRequestCounter, InfoRequestEvent, InfoRequestFile

NIK = "3305012345678901"


def request_data(**overrides) -> dict:
    data = {
        "applicant_type": "perorangan",
        "applicant_name": "Siti Aminah",
        "identity_number": NIK,
        "address": "Jl. Pemuda 12, Kebumen",
        "email": "siti@contoh.example",
        "phone": "",
        "occupation": "Wiraswasta",
        "information": "Salinan DPT Kecamatan Kebumen untuk Pemilu 2024",
        "purpose": "Bahan penelitian skripsi",
        "delivery": "unduh",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 32), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    exif[0x8825] = {1: "S", 2: (7.0, 40.0, 12.5), 3: "E", 4: (109.0, 39.0, 1.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def ktp_file(data: bytes | None = None, name: str = "ktp.jpg"):
    return (io.BytesIO(data if data is not None else jpeg_with_gps()), name)


def post_request(client, data: dict, scan=True, url: str = "/ppid/permohonan"):
    payload = dict(data)
    if scan is True:
        payload["identity_file"] = ktp_file()
    elif scan:
        payload["identity_file"] = scan
    return client.post(url, data=payload, content_type="multipart/form-data")


def read_receipt(client, url: str = "/ppid/permohonan/tanda-terima") -> tuple[str, str, str]:
    html = client.get(url).get_data(as_text=True)
    number = re.search(r'id="nomor-permohonan">([^<]+)<', html)
    code = re.search(r'id="kode-akses">([^<]+)<', html)
    assert number and code, html[:3000]
    return number.group(1), code.group(1), html


def file_ok(client, **overrides) -> tuple[str, str]:
    response = post_request(client, request_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"].endswith("/ppid/permohonan/tanda-terima")
    number, code, _html = read_receipt(client)
    return number, code


def track(client, number: str, code: str):
    return client.post("/ppid/lacak", data={"number": number, "code": code})


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (InfoRequest, InfoRequestEvent, InfoRequestFile, InfoRequestCounter)}


def assert_nothing_written(app) -> None:
    assert counts(app) == {"InfoRequest": 0, "InfoRequestEvent": 0, "InfoRequestFile": 0,
                           "InfoRequestCounter": 0}
