"""Soak: mixed traffic for a long stretch against gunicorn on PostgreSQL; errors, lost writes, worker memory.

    .venv/bin/python benchmarks/soak.py                      # 10 minutes, 8 clients, 2 workers x 4 threads
    .venv/bin/python benchmarks/soak.py --minutes 1 --clients 4

1. a temporary PostgreSQL database with the default content and the demo data (benchlib.build_demo_database);
2. gunicorn on 127.0.0.1 (gthread, `--workers` x `--threads`), CSRF on, rate limits off (every client comes
   from one address), the page micro-cache as configured by default;
3. `--clients` threads, each with its own cookie jar, loop until the time is up over a weighted mix:
   browse public pages (55 %), file a DUMAS complaint through the form with a CSRF token, half of them with a
   PDF attached, and read the receipt (10 %), track an own complaint with number + access code (5 %),
   answer the SKM questionnaire (15 %), file a WBS report and read the 16-digit receipt (8 %), open an own
   WBS report with its receipt (7 %);
4. every minute: requests, errors, worker RSS; at the end: errors by kind, and the lost-write check
   (successful submissions vs new rows; every returned complaint number and WBS receipt is looked up
   again, through the site, after the run; every stored DUMAS file is on disk);
5. stops gunicorn (its process group) and drops the database (unless --keep).
Exit status 0 when there was no 5xx/connection error and no write was lost.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter

import benchlib
from benchlib import NoRedirect, multipart
from sqlalchemy import create_engine, text

from tests.dumas_public_helpers import pdf_bytes

PDF = pdf_bytes()  # well-formed: every PDF is opened and cleaned (pikepdf); a broken one is refused
BROWSE = ["/", "/rencana-aksi", "/rekap", "/standar-pelayanan", "/maklumat", "/survei/hasil", "/wbs",
          "/pengaduan/lacak", "/rencana-aksi?area=V", "/halaman/tentang", "/api/v1/rencana-aksi"]
KEYS = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan",
        "sarana"]
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')  # one-time: re-sent POSTs file nothing
TABLES = ["complaints", "complaint_attachments", "survey_responses", "wbs_reports"]
FORM = "application/x-www-form-urlencoded"


def _form_token(html: str) -> dict[str, str]:
    match = FORM_TOKEN_RE.search(html)
    return {"form_token": match.group(1)} if match else {}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: Counter[str] = Counter()
        self.ok: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.complaints: list[tuple[str, str]] = []
        self.receipts: list[str] = []

    def record(self, seconds: float) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


class Client:
    def __init__(self, base: str, stats: Stats, rng: random.Random, services: list[str]):
        self.base, self.stats, self.rng, self.services = base, stats, rng, services
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.mine: list[tuple[str, str]] = []
        self.my_receipts: list[str] = []

    def call(self, path: str, data: bytes | None = None, ctype: str = "",
             label: str = "") -> tuple[int, str, str]:
        headers = {"Content-Type": ctype} if ctype else {}
        req = urllib.request.Request(self.base + path, data=data, headers=headers,
                                     method="POST" if data else "GET")
        t0 = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as resp:
                status, body, location = resp.status, resp.read().decode("utf-8", "replace"), ""
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode("utf-8", "replace")
            location = exc.headers.get("Location", "")
        except OSError as exc:
            self.stats.record(time.perf_counter() - t0)
            self.stats.error(f"connection {type(exc).__name__} {label or path}")
            return 0, "", ""
        self.stats.record(time.perf_counter() - t0)
        if status >= 500:
            self.stats.error(f"HTTP {status} {label or path}")
        return status, body, location

    def form(self, path: str) -> tuple[str, str] | None:
        status, body, _ = self.call(path)
        token = CSRF_RE.search(body)
        if status != 200 or not token:
            self.stats.error(f"form without token {path} ({status})")
            return None
        return token.group(1), body

    def lookup(self, path: str, fields: dict[str, str], label: str = "") -> tuple[int, str] | None:
        """GET the form at `path` for its CSRF token, then POST `fields` with it; None without a form."""
        got = self.form(path)
        if not got:
            return None
        data = urllib.parse.urlencode({"csrf_token": got[0], **fields}).encode()
        status, body, _ = self.call(path, data, FORM, label)
        return status, body

    def browse(self) -> None:
        path = self.rng.choice(BROWSE)
        status, _body, _ = self.call(path, label="browse")
        if status == 200:
            self.stats.ok["browse"] += 1
        elif status < 500:
            self.stats.error(f"browse {path} -> {status}")

    def complaint(self) -> None:
        got = self.form("/pengaduan")
        if not got:
            return
        token, html = got
        category = re.search(r'<option value="(\d+)"', html)
        n = uuid.uuid4().hex[:8]
        fields = {"csrf_token": token, **_form_token(html), "reporter_name": f"Pelapor Soak {n}",
                  "reporter_email": f"soak{n}@contoh.example", "reporter_phone": "",
                  "category_id": category.group(1), "subject": f"Uji soak pengaduan {n}",
                  "description": "Antrean layanan terlalu lama dan petugas tidak memberi kejelasan. " * 2,
                  "event_place": "Kantor KPU", "event_date": "2026-01-05", "consent": "y"}
        files = [("attachments", f"bukti-{n}.pdf", PDF, "application/pdf")] if self.rng.random() < 0.5 else []
        body, ctype = multipart(fields, files, "----soak")
        status, _body, location = self.call("/pengaduan", body, ctype, label="POST /pengaduan")
        if status != 302 or not location.endswith("/pengaduan/tanda-terima"):
            if status and status < 500:
                self.stats.error(f"complaint refused {status}")
            return
        _s, receipt, _ = self.call("/pengaduan/tanda-terima", label="receipt")
        number = re.search(r'id="nomor-pengaduan">([^<]+)<', receipt)
        code = re.search(r'id="kode-akses">([^<]+)<', receipt)
        if not (number and code):
            self.stats.error("complaint receipt page without number/code")
            return
        self.mine.append((number.group(1).strip(), code.group(1).strip()))
        with self.stats.lock:
            self.stats.complaints.append(self.mine[-1])
            self.stats.ok["complaint"] += 1

    def track_complaint(self) -> None:
        if not self.mine:
            return self.browse()
        number, code = self.rng.choice(self.mine)
        answer = self.lookup("/pengaduan/lacak", {"number": number, "code": code}, "POST lacak")
        if not answer:
            return None
        status, body = answer
        if status == 200 and number in body and "Uji soak pengaduan" in body:
            self.stats.ok["track"] += 1
        elif status < 500:
            self.stats.error(f"own complaint not found by tracking ({status})")
        return None

    def survey(self) -> None:
        slug = self.rng.choice(self.services)
        got = self.form(f"/survei?layanan={slug}")
        if not got:
            return
        token, html = got

        def options(name: str) -> list[str]:
            block = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.DOTALL)
            if not block:
                return []
            return [v for v in re.findall(r'<option[^>]*value="([^"]+)"', block.group(0)) if v]

        yesterday = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))
        fields = {"csrf_token": token, "service_date": yesterday,
                  "gender": self.rng.choice(["L", "P"]), "age": str(self.rng.randint(18, 70)),
                  "education": self.rng.choice(options("education") or ["S1"]),
                  "occupation": self.rng.choice(options("occupation") or ["Lainnya"]), "suggestion": "",
                  "t": "", "website": ""}
        fields.update({k: str(self.rng.randint(2, 4)) for k in KEYS})
        data = urllib.parse.urlencode(fields).encode()
        status, body, location = self.call(f"/survei?layanan={slug}", data, FORM, "POST /survei")
        if status == 302 and "/survei/terima-kasih" in location:
            self.stats.ok["survey"] += 1
        elif status and status < 500:
            self.stats.error(f"survey refused {status}: {re.sub(r'<[^>]+>', ' ', body)[:120]!r}")

    def wbs_report(self) -> None:
        got = self.form("/wbs/lapor")
        if not got:
            return
        category = self.rng.choice(["gratifikasi", "korupsi", "benturan_kepentingan"])
        fields = {"csrf_token": got[0], **_form_token(got[1]), "category": category,
                  "what": f"Uji soak WBS {uuid.uuid4().hex[:6]}: amplop diserahkan setelah rapat pengadaan.",
                  "who": "Pejabat pengadaan", "where": "Ruang rapat", "when": "Januari", "how": "Tunai",
                  "contact": "", "good_faith": "y"}
        body, ctype = multipart(fields, [], "----soak")
        status, _html, location = self.call("/wbs/lapor", body, ctype, label="POST /wbs/lapor")
        if status == 302 and location.endswith("/wbs/tanda-terima"):  # POST-redirect-GET: the receipt page
            status, html, _ = self.call("/wbs/tanda-terima", label="WBS receipt")
        else:
            html = ""
        receipt = re.search(r'id="kode-laporan"[^>]*>\s*(\d{4}-\d{4}-\d{4}-\d{4})\s*<', html)
        if status == 200 and receipt:
            self.my_receipts.append(receipt.group(1))
            with self.stats.lock:
                self.stats.receipts.append(receipt.group(1))
                self.stats.ok["wbs"] += 1
        elif status and status < 500:
            self.stats.error(f"WBS report refused {status}")

    def wbs_track(self) -> None:
        if not self.my_receipts:
            return self.browse()
        receipt = self.rng.choice(self.my_receipts)
        answer = self.lookup("/wbs/lacak", {"receipt": receipt}, "POST /wbs/lacak")
        if not answer:
            return None
        status, body = answer
        if status == 200 and "Uji soak WBS" in body:
            self.stats.ok["wbs_track"] += 1
        elif status < 500:
            self.stats.error(f"own WBS report not opened by its receipt ({status})")
        return None

    def run(self, until: float) -> None:
        actions = [(self.browse, 55), (self.complaint, 10), (self.track_complaint, 5), (self.survey, 15),
                   (self.wbs_report, 8), (self.wbs_track, 7)]
        funcs, weights = zip(*actions, strict=True)
        while time.monotonic() < until:
            try:
                self.rng.choices(funcs, weights)[0]()
            except Exception as exc:  # noqa: BLE001 - counted, the soak goes on
                self.stats.error(f"client {type(exc).__name__}: {exc}"[:120])


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--admin-url", default="")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args()


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def open_services(engine) -> list[str]:
    with engine.connect() as conn:
        services = list(conn.execute(text(
            "SELECT s.slug FROM services s JOIN survey_service_settings c ON c.service_id = s.id "
            "WHERE c.survey_open")).scalars())
    if not services:
        raise SystemExit("the demo data has no service open for the survey")
    return services


def warm_up(base: str, stats: Stats, services: list[str], master_pid: int) -> dict[int, float]:
    """Every worker imports and compiles its templates; returns the starting RSS per worker and clears the
    request figures the warm-up left."""
    warm = Client(base, stats, random.Random(0), services)
    for path in BROWSE * 4:
        warm.call(path)
    rss_start = {pid: benchlib.rss_mb(pid) for pid in benchlib.worker_pids(master_pid)}
    stats.requests, stats.latencies = 0, []
    return rss_start


def soak(args, base: str, stats: Stats, services: list[str], master_pid: int, name: str,
         rss_start: dict[int, float]) -> float:
    """The clients' mixed traffic until the time is up, with a line of figures every minute; returns the
    elapsed seconds."""
    started = time.monotonic()
    until = started + args.minutes * 60
    clients = [Client(base, stats, random.Random(args.seed + i), services) for i in range(args.clients)]
    threads = [threading.Thread(target=c.run, args=(until,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    print(f"soak: {args.minutes:g} min, {args.clients} clients, gunicorn {args.workers} workers x "
          f"{args.threads} threads, PostgreSQL database {name}")
    print("worker RSS at start (MB): " + ", ".join(f"{pid}: {mb:.1f}" for pid, mb in rss_start.items()))
    next_report = started + 60
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        if time.monotonic() >= next_report:
            next_report += 60
            rss = [benchlib.rss_mb(pid) for pid in benchlib.worker_pids(master_pid)]
            print(f"  {int((time.monotonic() - started) / 60)} min: {stats.requests} requests, "
                  f"{sum(stats.errors.values())} errors, RSS " + ", ".join(f"{r:.1f}" for r in rss) + " MB",
                  flush=True)
    return time.monotonic() - started


def missing_lookups(base: str, services: list[str], stats: Stats) -> tuple[int, int]:
    """Every complaint number and WBS receipt the run got back, looked up again through the site: how many
    complaints are not found, how many receipts do not open."""
    checker = Client(base, Stats(), random.Random(1), services)
    missing_complaints = 0
    for number, code in stats.complaints:
        answer = checker.lookup("/pengaduan/lacak", {"number": number, "code": code})
        if not answer or answer[0] != 200 or number not in answer[1]:
            missing_complaints += 1
    missing_receipts = 0
    for receipt in stats.receipts:
        answer = checker.lookup("/wbs/lacak", {"receipt": receipt})
        if not answer or answer[0] != 200 or "Uji soak WBS" not in answer[1]:
            missing_receipts += 1
    return missing_complaints, missing_receipts


def stored_complaints(engine, workdir) -> tuple[tuple[int, int], int]:
    """(complaint rows, distinct numbers) and how many stored DUMAS files are not on disk."""
    with engine.connect() as conn:
        stored = list(conn.execute(text("SELECT stored_name FROM complaint_attachments")).scalars())
        numbers = conn.execute(text("SELECT count(*), count(DISTINCT number) FROM complaints")).one()
    missing_files = sum(1 for s in stored if not (workdir / "uploads" / "dumas" / s).is_file())
    return tuple(numbers), missing_files


def print_traffic(stats: Stats, elapsed: float) -> int:
    """Duration, requests, latency, successful actions and errors; returns the 5xx/connection errors."""
    lat = stats.latencies
    p50, p95 = benchlib.percentile(lat, 0.5) * 1000, benchlib.percentile(lat, 0.95) * 1000
    print()
    print(f"duration: {elapsed / 60:.1f} min; requests: {stats.requests} ({stats.requests / elapsed:.1f}/s); "
          f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(lat) * 1000:.0f} ms")
    print("successful actions: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.ok.items())))
    errors = sum(stats.errors.values())
    print(f"errors: {errors}" + ("" if not errors else " — " + "; ".join(
        f"{k}: {v}" for k, v in stats.errors.most_common(8))))
    return sum(v for k, v in stats.errors.items() if k.startswith(("HTTP 5", "connection")))


def print_writes(stats: Stats, new: dict[str, int], numbers: tuple[int, int], missing: tuple[int, int, int],
                 ) -> dict[str, int]:
    """Submissions against new rows, the look-ups after the run and the files; returns the lost rows per
    table (`missing`: complaints not found, receipts not opening, files not on disk)."""
    missing_complaints, missing_receipts, missing_files = missing
    lost = {
        "complaints": stats.ok["complaint"] - new["complaints"],
        "survey_responses": stats.ok["survey"] - new["survey_responses"],
        "wbs_reports": stats.ok["wbs"] - new["wbs_reports"],
    }
    print(f"writes: complaints {stats.ok['complaint']} submitted / {new['complaints']} new rows "
          f"({numbers[0]} rows, {numbers[1]} distinct numbers); survey {stats.ok['survey']} / "
          f"{new['survey_responses']}; WBS {stats.ok['wbs']} / {new['wbs_reports']}; "
          f"attachments {new['complaint_attachments']} new rows, {missing_files} files missing")
    print(f"looked up again after the run: complaints not found {missing_complaints} of "
          f"{len(stats.complaints)}, WBS receipts not opening {missing_receipts} of {len(stats.receipts)}")
    print(f"lost writes: {sum(abs(v) for v in lost.values()) + sum(missing)}"
          f" ({', '.join(f'{k} {v}' for k, v in lost.items())})")
    return lost


def print_memory(rss_start: dict[int, float], rss_end: dict[int, float]) -> None:
    print("worker RSS (MB), start -> end: " + "; ".join(
        f"{pid}: {rss_start.get(pid, float('nan')):.1f} -> {rss_end.get(pid, float('nan')):.1f}"
        for pid in sorted(set(rss_start) | set(rss_end))))
    if set(rss_start) != set(rss_end):
        print(f"NOTE: worker processes changed during the run ({sorted(rss_start)} -> {sorted(rss_end)})")


def main() -> int:
    args = parse_args()
    with benchlib.scratch(args.admin_url, workdir_prefix="portal-soak-", db_prefix="portal_soak",
                          keep=args.keep) as run:
        benchlib.build_demo_database(run.url, run.workdir)
        engine = create_engine(run.url)
        services = open_services(engine)
        port = benchlib.free_port()
        env = benchlib.portal_env(run.url, run.workdir, PORTAL_RATELIMIT_ENABLED="0")
        proc = run.serve(benchlib.gunicorn_command("portal:create_app()", port, args.workers, args.threads),
                         env, "gunicorn.log", f"http://127.0.0.1:{port}/healthz")
        base = f"http://127.0.0.1:{port}"
        before = row_counts(engine)
        stats = Stats()
        rss_start = warm_up(base, stats, services, proc.pid)
        elapsed = soak(args, base, stats, services, proc.pid, run.name, rss_start)
        rss_end = {pid: benchlib.rss_mb(pid) for pid in benchlib.worker_pids(proc.pid)}

        # lost writes: rows vs successful submissions, and every returned number/receipt looked up again
        after = row_counts(engine)
        missing_complaints, missing_receipts = missing_lookups(base, services, stats)
        numbers, missing_files = stored_complaints(engine, run.workdir)
        engine.dispose()

        server_errors = print_traffic(stats, elapsed)
        new = {t: after[t] - before[t] for t in TABLES}
        lost = print_writes(stats, new, numbers, (missing_complaints, missing_receipts, missing_files))
        print_memory(rss_start, rss_end)
        ok = (server_errors == 0 and all(v == 0 for v in lost.values()) and not missing_complaints
              and not missing_receipts and not missing_files and numbers[0] == numbers[1])
        print("RESULT: " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1

if __name__ == "__main__":
    raise SystemExit(main())
