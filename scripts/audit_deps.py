"""Dependency audit for `make security`: pip-audit on the installed environment, no known vulnerable package.

pip-audit asks PyPI's per-release JSON API (https://pypi.org/pypi/<name>/<version>/json) for the advisories of
each installed version. Where that endpoint is not served (some mirrors and proxies answer 404 for every
release, so pip-audit skips every package as "not found" and still prints "No known vulnerabilities found"),
this script asks the project endpoint (https://pypi.org/pypi/<name>/json) instead: its `vulnerabilities`
are those of the latest release, so they are valid for a package installed at its latest version. A package
that neither source can audit is reported as unaudited and fails the run, as does a vulnerability, or a
PyPI that cannot be reached at all: each with a clear message. Exit 0 only when every installed package was
audited and none has a known vulnerability (ignored advisories: IGNORED below, each with its reason).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from importlib import metadata

PYPI = os.environ.get("PORTAL_PYPI_JSON", "https://pypi.org/pypi")
# Advisory id -> why it does not apply to this project. Keep empty unless a finding is explained here.
IGNORED: dict[str, str] = {}
# Package -> why it may stay unaudited (not the latest release, and PyPI's per-release data not served here).
EXPLAINED_UNAUDITED: dict[str, str] = {
    "deprecated": "1.3.x is the newest release for Python 3.11 (3.x needs Python 3.12); a small decorator "
                  "library pulled in by `limits`, no parsing or I/O. Re-check when the project moves to 3.12.",
}


def run_pip_audit() -> dict:
    cmd = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--format", "json",
           "--progress-spinner", "off", "--timeout", "30"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(done.stderr[-3000:])
        fail(f"pip-audit did not run (exit {done.returncode}); see the message above.")
        raise  # unreachable


def project_json(name: str) -> dict | None:
    url = f"{PYPI}/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise


def fail(message: str) -> None:
    print(f"\nsecurity: pip-audit FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    report = run_pip_audit()
    vulnerable: list[str] = []
    unaudited: list[str] = []
    audited = 0
    for dep in report.get("dependencies", []):
        name, version = dep["name"], dep.get("version")
        if name == "portal-zi":  # this project itself (an editable install)
            continue
        if "skip_reason" not in dep:
            audited += 1
            for vuln in dep.get("vulns", []):
                if vuln["id"] not in IGNORED:
                    vulnerable.append(f"{name} {version}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or '?'})")
            continue
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            unaudited.append(f"{name}: {dep['skip_reason']}")
            continue
        try:
            data = project_json(name)
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            fail(f"PyPI ({PYPI}) cannot be reached ({err}); the vulnerability data lives there. "
                 "Run `make security` where PyPI is reachable.")
        if data is None:
            unaudited.append(f"{name} {version}: not on PyPI")
            continue
        latest = data["info"]["version"]
        if latest != version and name.lower() in EXPLAINED_UNAUDITED:
            print(f"  not audited, explained: {name} {version}: {EXPLAINED_UNAUDITED[name.lower()]}")
            continue
        if latest != version:
            unaudited.append(f"{name} {version}: PyPI's per-release data for it is not served here and it is not "
                             f"the latest release ({latest}); upgrade it or audit it by hand")
            continue
        audited += 1
        for vuln in data.get("vulnerabilities") or []:
            if vuln.get("withdrawn") or vuln["id"] in IGNORED:
                continue
            vulnerable.append(f"{name} {version}: {vuln['id']} (fixed in {', '.join(vuln.get('fixed_in') or []) or '?'})")
    print(f"security: pip-audit: {audited} installed packages audited, {len(vulnerable)} known vulnerabilities, "
          f"{len(unaudited)} not audited")
    for advisory, reason in IGNORED.items():
        print(f"  ignored {advisory}: {reason}")
    if vulnerable:
        fail("known vulnerabilities in installed packages:\n  " + "\n  ".join(vulnerable))
    if unaudited:
        fail("packages that could not be audited:\n  " + "\n  ".join(unaudited))
    if not audited:
        fail("no package was audited (is the environment empty?)")


if __name__ == "__main__":
    main()
