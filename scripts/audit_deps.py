"""Dependency audit for `make security`: pip-audit on the installed environment, no known vulnerable
package.

pip-audit asks PyPI's per-release JSON API (https://pypi.org/pypi/<name>/<version>/json) for the advisories
of each installed version. Where that endpoint is not served (some mirrors and proxies answer 404 for every
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
from dataclasses import dataclass, field
from importlib import metadata

PYPI = os.environ.get("PORTAL_PYPI_JSON", "https://pypi.org/pypi")
# Advisory id -> why it does not apply to this project. Keep empty unless a finding is explained here.
IGNORED: dict[str, str] = {}
# Package -> why it may stay unaudited (not the latest release, and PyPI's per-release data not served here).
EXPLAINED_UNAUDITED: dict[str, str] = {
    "deprecated": "1.3.x is the newest release for Python 3.11 (3.x needs Python 3.12); a small "
                  "decorator library pulled in by `limits`, no parsing or I/O. Re-check when the project "
                  "moves to 3.12.",
    # Test-only (pyproject [test]): openapi-core 0.23.1, its newest release, pins these below their newest
    # minor; they validate our own OpenAPI document and responses in the tests and never run in the portal.
    "jsonschema-path": "held below 0.5 by openapi-core 0.23.1 (newest); test-only, reads our own spec.",
    "openapi-schema-validator": "held below 0.9 by openapi-core 0.23.1 (newest); test-only.",
    "openapi-spec-validator": "held below 0.9 by openapi-core 0.23.1 (newest); test-only.",
    "pathable": "held below 0.6 by jsonschema-path 0.4 (openapi-core 0.23.1); test-only.",
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


@dataclass
class Audit:
    audited: int = 0
    vulnerable: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)

    def found(self, name: str, version: str | None, advisory: str, fixed_in: list[str]) -> None:
        self.vulnerable.append(f"{name} {version}: {advisory} (fixed in {', '.join(fixed_in) or '?'})")


def audit_reported(audit: Audit, name: str, dep: dict) -> None:
    """A package pip-audit audited itself: its advisories as pip-audit reports them."""
    audit.audited += 1
    for vuln in dep.get("vulns", []):
        if vuln["id"] not in IGNORED:
            audit.found(name, dep.get("version"), vuln["id"], vuln["fix_versions"])


def audit_skipped(audit: Audit, name: str, dep: dict) -> None:
    """A package pip-audit skipped: the project endpoint's advisories, valid when it is the latest release."""
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        audit.unaudited.append(f"{name}: {dep['skip_reason']}")
        return
    try:
        data = project_json(name)
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        fail(f"PyPI ({PYPI}) cannot be reached ({err}); the vulnerability data lives there. "
             "Run `make security` where PyPI is reachable.")
    if data is None:
        audit.unaudited.append(f"{name} {version}: not on PyPI")
        return
    latest = data["info"]["version"]
    if latest != version and name.lower() in EXPLAINED_UNAUDITED:
        print(f"  not audited, explained: {name} {version}: {EXPLAINED_UNAUDITED[name.lower()]}")
        return
    if latest != version:
        audit.unaudited.append(f"{name} {version}: PyPI's per-release data for it is not served here and it "
                               f"is not the latest release ({latest}); upgrade it or audit it by hand")
        return
    audit.audited += 1
    for vuln in data.get("vulnerabilities") or []:
        if vuln.get("withdrawn") or vuln["id"] in IGNORED:
            continue
        audit.found(name, version, vuln["id"], vuln.get("fixed_in") or [])


def main() -> None:
    report = run_pip_audit()
    audit = Audit()
    for dep in report.get("dependencies", []):
        name = dep["name"]
        if name == "portal-zi":  # this project itself (an editable install)
            continue
        if "skip_reason" not in dep:
            audit_reported(audit, name, dep)
        else:
            audit_skipped(audit, name, dep)
    print(f"security: pip-audit: {audit.audited} installed packages audited, {len(audit.vulnerable)} known "
          f"vulnerabilities, {len(audit.unaudited)} not audited")
    for advisory, reason in IGNORED.items():
        print(f"  ignored {advisory}: {reason}")
    if audit.vulnerable:
        fail("known vulnerabilities in installed packages:\n  " + "\n  ".join(audit.vulnerable))
    if audit.unaudited:
        fail("packages that could not be audited:\n  " + "\n  ".join(audit.unaudited))
    if not audit.audited:
        fail("no package was audited (is the environment empty?)")

if __name__ == "__main__":
    main()
