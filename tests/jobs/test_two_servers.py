"""Two app servers that agree: two gunicorn instances (subprocesses, random ports) on one PostgreSQL
database, one Redis and one upload folder. An admin's write on one is on the other's next page at once (page
cache on), rate limits count across both, and a file uploaded through one downloads through the other.

PostgreSQL pass only (`--db postgres`; two servers on one SQLite file is not a supported deployment), and
skipped when this machine has no Redis."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import service as accounts
from portal.dumas.models import Complaint, ComplaintAttachment
from portal.extensions import db
from tests.conftest import PASSWORD
from tests.dumas_public_helpers import form_data, load_categories, pdf_bytes
from tests.jobs.redis_helpers import free_port, scratch_redis

requests = pytest.importorskip("requests")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres_only(db_backend):
    if db_backend != "postgres":
        pytest.skip("two app servers need PostgreSQL (run with --db postgres)")


def _start(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--worker-class", "gthread", "--threads", "2", "--timeout", "60", "portal:create_app()"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _wait_ready(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start: " + log.read_text())


def _csrf(session, url: str) -> str:
    html = session.get(url, timeout=10).text
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:1500]
    return found.group(1)


@pytest.fixture
def two_servers(postgres_only, app_factory, tmp_path):
    with scratch_redis() as (url, prefix):
        app = app_factory(REDIS_URL=url, REDIS_KEY_PREFIX=prefix, PAGE_CACHE_SECONDS=60)
        instance = tmp_path / "shared-instance"
        uploads = tmp_path / "shared-uploads"  # one folder for both: NFS in production (docs/deploy.md)
        instance.mkdir()
        uploads.mkdir(exist_ok=True)
        env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
        env.update({
            "PYTHONPATH": str(ROOT), "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "two-servers-secret", "PORTAL_INSTANCE_PATH": str(instance),
            "PORTAL_UPLOAD_FOLDER": str(uploads), "PORTAL_REDIS_URL": url, "PORTAL_REDIS_KEY_PREFIX": prefix,
            "PORTAL_RATELIMIT_KEY_PREFIX": prefix, "PORTAL_PAGE_CACHE_SECONDS": "60",
            "PORTAL_SETTINGS_CACHE_SECONDS": "60", "PORTAL_DUMAS_TRACK_RATE_LIMIT": "4 per minute",
            "PORTAL_MAIL_SERVER": "",
        })
        procs, bases = [], []
        try:
            for name in ("a", "b"):
                port = free_port()
                log = tmp_path / f"gunicorn-{name}.log"
                procs.append((_start(port, env, log), log))
                bases.append(f"http://127.0.0.1:{port}")
            for (proc, log), base in zip(procs, bases, strict=True):
                _wait_ready(base, proc, log)
            yield app, bases[0], bases[1], uploads
        finally:
            for proc, _log in procs:
                proc.terminate()
            for proc, _log in procs:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def test_two_gunicorn_servers_agree(two_servers):
    app, a, b, uploads = two_servers
    with app.app_context():
        admin = accounts.create_user(db.session, "dua-server@uji.example", PASSWORD, ["admin"])
        admin.totp_secret = pyotp.random_base32()
        secret = admin.totp_secret
        accounts.create_user(db.session, "dumas-dua@uji.example", PASSWORD, ["dumas"])
        db.session.commit()
    categories = load_categories(app)

    # 1. page cache on both; an admin's write through A is on B's next page at once
    visitor = requests.Session()
    visitor.headers["Host"] = "portal.test"  # as behind nginx: both servers see the site's one host name
    assert "KPU Kabupaten Kebumen" in visitor.get(b + "/", timeout=10).text
    assert "Age" in visitor.get(b + "/", timeout=10).headers
    assert "Age" in visitor.get(a + "/", timeout=10).headers  # B's render, served by A from Redis
    staff = requests.Session()
    login = staff.post(a + "/admin/login", data={"email": "dua-server@uji.example", "password": PASSWORD,
                                                 "csrf_token": _csrf(staff, a + "/admin/login")},
                       allow_redirects=False, timeout=10)
    assert login.status_code == 302 and "/admin/verifikasi" in login.headers["Location"]
    verified = staff.post(a + "/admin/verifikasi", data={
        "code": pyotp.TOTP(secret).now(), "csrf_token": _csrf(staff, a + "/admin/verifikasi")},
        allow_redirects=False, timeout=10)
    assert verified.status_code == 302, verified.text[:1000]
    saved = staff.post(a + "/admin/pengaturan", data={
        "office_name": "KPU Kota Dua Server", "csrf_token": _csrf(staff, a + "/admin/pengaturan")},
        allow_redirects=False, timeout=10)
    assert saved.status_code == 302, saved.text[:2000]
    fresh = visitor.get(b + "/", timeout=10)
    assert "Age" not in fresh.headers and "KPU Kota Dua Server" in fresh.text
    assert "KPU Kota Dua Server" in visitor.get(b + "/pengaduan", timeout=10).text  # settings cache too

    # 2. rate limits count across both: 4 tracking attempts a minute from one address, wherever they land
    sessions = {base: requests.Session() for base in (a, b)}
    tokens = {base: _csrf(s, base + "/pengaduan/lacak") for base, s in sessions.items()}
    codes = []
    for i in range(5):
        base = (a, b)[i % 2]
        answer = sessions[base].post(base + "/pengaduan/lacak", data={
            "number": f"DUMAS-2026-{90000 + i:05d}", "code": "SALAH-KODE", "csrf_token": tokens[base]},
            allow_redirects=False, timeout=10)
        codes.append(answer.status_code)
    assert all(code != 429 for code in codes[:4]) and codes[4] == 429, codes

    # 3. a file uploaded through A downloads through B
    reporter = requests.Session()
    html = reporter.get(a + "/pengaduan", timeout=10).text
    form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {**form_data(categories["pelayanan"]), "form_token": form_token, "csrf_token": csrf}
    filed = reporter.post(a + "/pengaduan", data=data,
                          files=[("attachments", ("bukti.pdf", pdf_bytes(), "application/pdf"))],
                          allow_redirects=False, timeout=30)
    assert filed.status_code == 302, filed.text[:2000]
    with app.app_context():
        number, attachment_id = db.session.execute(
            select(Complaint.number, ComplaintAttachment.id).join(ComplaintAttachment.complaint)).one()
    assert any(p.is_file() for p in uploads.rglob("*"))
    officer = requests.Session()
    assert officer.post(b + "/admin/login", data={"email": "dumas-dua@uji.example", "password": PASSWORD,
                                                  "csrf_token": _csrf(officer, b + "/admin/login")},
                        allow_redirects=False, timeout=10).status_code == 302
    download = officer.get(f"{b}/admin/pengaduan/{number}/lampiran/{attachment_id}", timeout=10)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
