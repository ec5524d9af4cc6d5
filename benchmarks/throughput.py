"""Throughput and latency of `/`, `/rencana-aksi` and `/rekap` under gunicorn on PostgreSQL, side by side with
a bare Flask hello-world app (benchmarks/hello_app.py) on the same gunicorn settings, in the same run.

    .venv/bin/python benchmarks/throughput.py               # 2 workers x 4 threads, 8 connections, 10 s
    .venv/bin/python benchmarks/throughput.py --duration 20 --rounds 3 --connections 16
    .venv/bin/python benchmarks/throughput.py --tool python         # without wrk

1. creates a temporary PostgreSQL database (admin URL: --admin-url, BENCH_DATABASE_URL or
   postgresql+psycopg://postgres@127.0.0.1:5432/test), builds the schema from the models and loads the
   default content of `flask init` and the demo data of `flask demo-data` (so /rekap has a published recap);
2. starts two gunicorns on 127.0.0.1 with the same settings (gthread, --workers, --threads): the portal
   (`portal:create_app()`) and the hello-world app;
3. for each round and each target: 2 s warm-up, then `--duration` seconds of load with the same tool
   (wrk, `apt-get install wrk`, with benchmarks/wrk_report.lua for p50/p95; or, with --tool python or when
   wrk is missing, a threaded keep-alive client from the standard library: say which in any report);
4. prints req/s, p50, p95 (median over rounds) and the ratio of req/s to hello-world; the goal is >= 0.5;
5. stops both servers (by their process group) and drops the database (unless --keep).
Exit status 0 when every page reached the goal and there were no errors.
"""
from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path

import benchlib

PAGES = ["/", "/rencana-aksi", "/rekap"]
GOAL = 0.5


def run_wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    script = Path(__file__).with_name("wrk_report.lua")
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
           url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    data = json.loads(re.search(r"^JSON (.*)$", out, re.MULTILINE).group(1))
    secs = data["duration_us"] / 1e6
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"rps": data["requests"] / secs, "p50": data["p50"] / 1000, "p95": data["p95"] / 1000,
            "errors": errors, "requests": data["requests"],
            "bytes_per_request": data["bytes"] / max(1, data["requests"])}


def run_python(url: str, seconds: int, connections: int, _threads: int) -> dict:
    """Fallback load: `connections` threads, each with one keep-alive HTTP/1.1 connection."""
    m = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status >= 400:
                    bad += 1
            except OSError:
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
                continue
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "p50": benchlib.percentile(latencies, 0.5) * 1000,
            "p95": benchlib.percentile(latencies, 0.95) * 1000, "errors": errors[0],
            "requests": len(latencies), "bytes_per_request": float("nan")}


def check_pages(base: str) -> None:
    import urllib.request

    for path in PAGES:
        with urllib.request.urlopen(base + path, timeout=30) as resp:
            body = resp.read().decode()
            assert resp.status == 200, (path, resp.status)
        if path == "/rekap":
            assert "<table" in body, "the /rekap page shows no published recap table"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--admin-url", default="")
    parser.add_argument("--page-cache", type=float, default=None,
                        help="PORTAL_PAGE_CACHE_SECONDS for the portal "
                             "(default: the portal's own, 10; 0 = off)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    load = run_wrk if tool == "wrk" else run_python

    with benchlib.scratch(args.admin_url, workdir_prefix="portal-throughput-", keep=args.keep) as run:
        counts = benchlib.build_demo_database(run.url, run.workdir)
        portal_port, hello_port = benchlib.free_port(), benchlib.free_port()
        env = benchlib.portal_env(run.url, run.workdir)
        if args.page_cache is not None:
            env["PORTAL_PAGE_CACHE_SECONDS"] = str(args.page_cache)
        for app_spec, port, log_name in [("portal:create_app()", portal_port, "portal.log"),
                                         ("benchmarks.hello_app:app", hello_port, "hello.log")]:
            run.serve(benchlib.gunicorn_command(app_spec, port, args.workers, args.threads),
                      env, log_name, f"http://127.0.0.1:{port}/healthz")
        portal = f"http://127.0.0.1:{portal_port}"
        hello = f"http://127.0.0.1:{hello_port}"
        check_pages(portal)
        targets = [("hello-world", hello + "/")] + [(path, portal + path) for path in PAGES]
        results: dict[str, list[dict]] = {label: [] for label, _ in targets}
        for _round in range(args.rounds):
            for label, target in targets:
                load(target, 2, args.connections, args.wrk_threads)  # warm-up (templates, pools)
                results[label].append(load(target, args.duration, args.connections, args.wrk_threads))

        how = " (wrk 4.1, benchmarks/wrk_report.lua)" if tool == "wrk" else " (threaded stdlib client)"
        print(f"load tool: {tool}{how}; {args.connections} keep-alive connections, {args.duration} s x "
              f"{args.rounds} rounds per target (median of rounds)")
        print(f"gunicorn: {args.workers} workers x {args.threads} threads (gthread), the same for both apps; "
              f"PostgreSQL database {run.name}")
        cache = env.get("PORTAL_PAGE_CACHE_SECONDS", "10 (default)")
        print(f"portal page micro-cache (PORTAL_PAGE_CACHE_SECONDS): {cache}")
        print(f"data: {counts['action_plan_items']} action-plan rows, {counts['complaints']} complaints, "
              f"{counts['recap_snapshots']} published recaps, {counts['wbs_reports']} WBS reports, "
              f"{counts['survey_responses']} survey responses")
        print()
        print(f"| {'target':<14} | {'req/s':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'errors':>6} "
              f"| {'KB/resp':>7} | ratio |")
        print(f"|{'-' * 16}|{'-' * 10}:|{'-' * 8}:|{'-' * 8}:|{'-' * 7}:|{'-' * 8}:|------:|")
        base_rps = statistics.median(r["rps"] for r in results["hello-world"])
        ok = True
        for label, _target in targets:
            rows = results[label]
            rps = statistics.median(r["rps"] for r in rows)
            p50 = statistics.median(r["p50"] for r in rows)
            p95 = statistics.median(r["p95"] for r in rows)
            errors = sum(r["errors"] for r in rows)
            kb = statistics.median(r["bytes_per_request"] for r in rows) / 1024
            ratio = rps / base_rps
            if label != "hello-world" and (ratio < GOAL or errors):
                ok = False
            print(f"| {label:<14} | {rps:>8.1f} | {p50:>7.1f} | {p95:>7.1f} | {errors:>6} | {kb:>7.1f} "
                  f"| {ratio:.2f} |")
        print()
        print(f"goal: every page >= {GOAL} of hello-world req/s: {'met' if ok else 'NOT met'}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
