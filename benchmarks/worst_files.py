"""The worst file we can craft for every accepted type, sent through the real routes (/wbs/lapor and
/pengaduan, Flask test client, CSRF and rate limits off, SQLite in a temporary folder); prints the server time
per file and its ratio to a yardstick (a one-page PDF) measured in the same run. Goal: under 1 s each.

    .venv/bin/python benchmarks/worst_files.py
    .venv/bin/python benchmarks/worst_files.py --repeat 3 --only pdf

Exit status 0 only when every file was answered (no 5xx) in under `--goal` seconds (median).
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image

from tests.core.test_document_cleaning import docx_full, pdf_with_photo
from tests.core.test_embedded_image_prepass import docx_with_images, pdf_with_images
from tests.core.test_upload_budget import xmp_bomb_pdf
from tests.dumas_public_helpers import pdf_bytes

MB = 1024 * 1024


def _png(size, noise=False) -> bytes:
    image = Image.effect_noise(size, 80).convert("RGB") if noise else Image.new("RGB", size, (9, 9, 9))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _jpeg(size, quality=75) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def _pdf_dct(count: int, size) -> bytes:
    """A PDF with `count` JPEG (DCT) images of `size`, in object streams."""
    return pdf_with_images(count, size, jpeg=_jpeg(size), object_streams=True)


def docx_many(parts: int, images: int, size=(1000, 1000)) -> bytes:
    """A DOCX at the part cap with `images` embedded JPEGs and filler XML parts (deflated, as Word saves)."""
    base = docx_with_images(images, size, jpeg=_jpeg(size))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            dst.writestr(name, src.read(name))
        for i in range(parts - len(names)):
            dst.writestr(f"customXml/item{i + 10}.xml", b"<a>" + b"<b/>" * 200 + b"</a>")
    return out.getvalue()


def pdf_many_objects(count: int) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.Root.Filler = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(N=i)) for i in range(count)])
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def cases() -> list[tuple[str, str, str, bytes]]:
    """(label, type, file name, bytes)"""
    return [
        ("yardstick: one-page PDF", "pdf", "a.pdf", pdf_bytes()),
        ("PDF 400 KB XMP bomb (old quadratic trigger)", "pdf", "x.pdf", xmp_bomb_pdf(400_000)),
        ("PDF 9.5 MB XMP bomb", "pdf", "x.pdf", xmp_bomb_pdf(int(9.5 * MB))),
        ("PDF 100 DCT images 1 MP (image cap)", "pdf", "i.pdf", _pdf_dct(100, (1000, 1000))),
        ("PDF 4 DCT images 25 MP", "pdf", "i.pdf", _pdf_dct(4, (5000, 5000))),
        ("PDF 20,000 objects (object cap)", "pdf", "o.pdf", pdf_many_objects(19_900)),
        ("PDF with photo, JS, embedded file", "pdf", "p.pdf", pdf_with_photo()),
        ("PNG 7000x7000 (refused from header)", "png", "a.png", _png((7000, 7000))),
        ("PNG 5000x5000 flat (at pixel cap)", "png", "a.png", _png((5000, 5000))),
        ("PNG noise under 10 MB", "png", "a.png", _png((1800, 1800), noise=True)),
        ("JPEG 6000x4000 (24 MP photo)", "jpeg", "a.jpg", _jpeg((6000, 4000), 95)),
        ("JPEG 5000x5000 (at pixel cap)", "jpeg", "a.jpg", _jpeg((5000, 5000), 95)),
        ("DOCX 1000 parts, 100 images 1 MP", "docx", "a.docx", docx_many(1000, 100)),
        ("DOCX 4 images 25 MP", "docx", "a.docx", docx_many(10, 4, (5000, 5000))),
        ("DOCX owner parts, UNC, template", "docx", "a.docx", docx_full()),
    ]


def make_app(workdir: Path):
    from portal import create_app
    from portal.core import defaults
    from portal.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}", "SECRET_KEY": uuid.uuid4().hex,
        "INSTANCE_PATH": str(workdir / "instance"), "UPLOAD_FOLDER": str(workdir / "uploads"),
        "MAIL_SERVER": "", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "TESTING": True,
    })
    with app.app_context():
        db.create_all()
        for _line in defaults.load_all(db.session):
            pass
        db.session.commit()
    return app


def post(client, route: str, name: str, data: bytes, category_id: int) -> tuple[int, float]:
    if route == "/wbs/lapor":
        form = {"category": "gratifikasi", "what": "Uraian kejadian untuk uji berkas terburuk.",
                "good_faith": "y", "accept_pdf_metadata": "y"}
        form["files"] = [(io.BytesIO(data), name)]
    else:
        form = {"reporter_name": "Siti", "reporter_email": "siti@contoh.example",
                "category_id": str(category_id), "subject": "Uji berkas terburuk", "consent": "y",
                "description": "Uraian aduan untuk uji berkas terburuk di portal."}
        form["attachments"] = [(io.BytesIO(data), name)]
    start = time.perf_counter()
    response = client.post(route, data=form, content_type="multipart/form-data")
    return response.status_code, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--goal", type=float, default=1.0)
    parser.add_argument("--only", default="", help="only cases whose type is this (pdf, png, jpeg, docx)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="portal-worst-"))
    try:
        app = make_app(workdir)
        client = app.test_client()
        from tests.dumas_public_helpers import load_categories

        category_id = load_categories(app)["pelayanan"]
        rows, failed = [], False
        yard = {}
        for label, kind, name, data in cases():
            if args.only and kind != args.only and not label.startswith("yardstick"):
                continue
            for route in ("/wbs/lapor", "/pengaduan"):
                times, codes = [], set()
                for _ in range(args.repeat):
                    code, seconds = post(client, route, name, data, category_id)
                    times.append(seconds)
                    codes.add(code)
                median = statistics.median(times)
                if label.startswith("yardstick"):
                    yard[route] = median
                bad = any(c >= 500 for c in codes) or median >= args.goal
                failed |= bad
                rows.append((label, route, len(data), sorted(codes), median, median / yard[route], bad))
        print(f"{'file':45} {'route':11} {'size':>10} {'status':>10} {'server s':>9} {'x yard':>8}")
        for label, route, size, codes, median, ratio, bad in rows:
            print(f"{label:45} {route:11} {size:>10,} {','.join(map(str, codes)):>10} {median:9.3f} "
                  f"{ratio:8.1f}{'  OVER GOAL' if bad else ''}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
