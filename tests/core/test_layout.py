"""Guard: the shape of the tree (docs/architecture.md, "Layout" and "Where a new feature goes").

* every name in portal/features.py FEATURES is a package portal/<name>/;
* every module lives in a feature (portal/<feature>/), in portal/core/, in the app shell (portal/__init__.py,
  config.py, extensions.py, cli.py, features.py) or in portal/migrations/ (Alembic's own files);
* portal/core imports no feature package, except the accounts models (the user table that audit entries and
  other shared rows point to; listed in CORE_MAY_IMPORT);
* domain modules (models, services and every other module that is not a view, form, CLI or package
  `__init__`) never import flask's request, session, flash or g: they get values and a session, they raise
  DomainError; the views read the request and talk to the user;
* no source file cites a DESIGN.md (not in this repository: docs/architecture.md holds the rules);
* no `ZoneInfo("...")` of a fixed zone outside portal/core/clock.py (the one clock, PORTAL_TIMEZONE).

Offenders are reported as `file:line`.
"""
from __future__ import annotations

import ast
import re
from fnmatch import fnmatch
from pathlib import Path

from portal.features import FEATURES

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "portal"
APP_SHELL = {"__init__.py", "config.py", "extensions.py", "cli.py", "features.py"}
# Folders under portal/ that hold Python but are neither a feature nor core, and why.
OTHER_PYTHON = {"migrations": "Alembic's env.py and revisions, as Alembic writes them"}

# Feature modules portal/core may import (module prefix -> why). Anything else is a feature's business:
# the feature registers with core (portal/core/registry.py), core never reaches into it.
CORE_MAY_IMPORT = {
    "portal.accounts.models": "the user table: audit entries and other shared rows name a staff member",
}

# Modules that talk to the user: views, forms, CLI, a package's __init__ (its blueprint).
WEB_MODULES = ("views.py", "*_views.py", "admin.py", "*_admin.py", "forms.py", "*_forms.py", "cli.py",
               "*_cli.py", "__init__.py")
# portal/core's request-time machinery (installed on the app, runs around every request).
CORE_WEB_MODULES = {"assets.py", "open_data.py", "perf.py", "privacy_logs.py", "routing.py", "security.py",
                    "views.py", "web_forms.py"}
REQUEST_STATE = {"request", "session", "flash", "g"}
FEATURE_MODULE = re.compile(r"^portal\.(" + "|".join(FEATURES) + r")(\.|$)")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _modules(under: Path = PORTAL) -> list[Path]:
    return sorted(under.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_modules(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) for every import, function-local ones included, and every module named as a string
    (importlib.import_module("portal.x.y"), lists of loader modules)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(
                r"portal(\.\w+)+", node.value):
            found.append((node.lineno, node.value))
    return found


def test_every_feature_is_a_package():
    missing = [name for name in FEATURES if not (PORTAL / name / "__init__.py").is_file()]
    assert not missing, f"FEATURES names without a package portal/<name>/__init__.py: {missing}"


def test_every_module_is_in_a_feature_core_or_the_app_shell():
    homes = set(FEATURES) | {"core"} | set(OTHER_PYTHON)
    strays = []
    for path in _modules():
        parts = path.relative_to(PORTAL).parts
        if len(parts) == 1 and parts[0] in APP_SHELL:
            continue
        if len(parts) > 1 and parts[0] in homes:
            continue
        strays.append(_rel(path))
    assert not strays, (
        "modules outside portal/<feature>/, portal/core/ and the app shell (a new feature: add its folder "
        f"and its name in portal/features.py): {strays}")


def test_core_imports_no_feature():
    offenders = []
    for path in _modules(PORTAL / "core"):
        for line, module in _imported_modules(_tree(path)):
            if FEATURE_MODULE.match(module) and not any(
                    module == allowed or module.startswith(allowed + ".") for allowed in CORE_MAY_IMPORT):
                offenders.append(f"{_rel(path)}:{line}: {module}")
    assert not offenders, (
        "portal/core reaches into feature packages (a feature registers with core instead; an exception "
        "goes in CORE_MAY_IMPORT with its reason):\n" + "\n".join(offenders))


def _is_domain_module(path: Path) -> bool:
    parts = path.relative_to(PORTAL).parts
    if len(parts) == 1 or parts[0] in OTHER_PYTHON:
        return False  # the app shell builds the app; migrations run outside requests
    if parts[0] == "core" and len(parts) == 2 and parts[1] in CORE_WEB_MODULES:
        return False
    return not any(fnmatch(path.name, pattern) for pattern in WEB_MODULES)


def _request_state_uses(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "flask":
            found += [(node.lineno, f"flask.{a.name}") for a in node.names if a.name in REQUEST_STATE]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id == "flask" and node.attr in REQUEST_STATE):
            found.append((node.lineno, f"flask.{node.attr}"))
    return found


def test_domain_modules_do_not_touch_the_request():
    offenders = [f"{_rel(path)}:{line}: {name}"
                 for path in _modules() if _is_domain_module(path)
                 for line, name in _request_state_uses(_tree(path))]
    assert not offenders, (
        "domain modules importing request state (pass values in from the view; raise DomainError for the "
        "view to show):\n" + "\n".join(offenders))


def test_nothing_cites_a_design_md():
    me = Path(__file__).resolve()
    offenders = [f"{_rel(path)}:{number}: {line.strip()[:90]}"
                 for path in _modules() + _modules(ROOT / "tests") if path.resolve() != me
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "DESIGN.md" in line]
    assert not offenders, (
        "citations of DESIGN.md, which is not in this repository (cite docs/architecture.md or state the "
        "rule):\n" + "\n".join(offenders))


def _called_name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def test_no_fixed_time_zone_outside_the_clock():
    clock = PORTAL / "core" / "clock.py"
    offenders = []
    for path in _modules():
        if path == clock:
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and _called_name(node) == "ZoneInfo" and node.args and isinstance(
                    node.args[0], ast.Constant):
                offenders.append(f"{_rel(path)}:{node.lineno}: ZoneInfo({node.args[0].value!r})")
    assert not offenders, (
        "fixed time zones outside portal/core/clock.py (use clock.today(), now(), local_date(), zone()):\n"
        + "\n".join(offenders))
