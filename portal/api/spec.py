"""The OpenAPI 3.1 document of the open API, assembled from fragments (docs/api.md, "Fragments").

`portal/api/openapi/base.yaml` holds the header (openapi, info, servers, tags) and the shared components
(Error ...). Each feature package may hold `portal/<feature>/openapi/*.yaml`: partial documents with a
top-level `paths:` and optionally `components:` (`schemas`, `parameters`, `responses`, ...) and `tags:`.
They are merged in FEATURES order, files sorted by name; a path, component or tag defined twice is an
error (`SpecError`, raised when the document is assembled). The result is cached per process and per
feature list; `document(base_url)` gives a copy with `servers` pointing at the site.
"""
from __future__ import annotations

import copy
import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).parent / "openapi" / "base.yaml"
FRAGMENT_KEYS = {"paths", "components", "tags"}


class SpecError(ValueError):
    """A fragment that cannot be merged: unreadable, an unknown top-level key, or a name defined twice."""


def fragment_files(features: Iterable[str]) -> list[Path]:
    """Every `portal/<feature>/openapi/*.yaml` of the features, in feature order, files sorted by name."""
    files: list[Path] = []
    for name in features:
        spec = importlib.util.find_spec(f"portal.{name}")
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            folder = Path(location) / "openapi"
            if folder.is_dir():
                files.extend(p for p in sorted(folder.glob("*.yaml")) if p != BASE)
    return files


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise SpecError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise SpecError(f"{path}: a fragment is a mapping with `paths:`")
    return data


def merge(base: dict[str, Any], fragments: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """`base` with every (source name, fragment) merged in; a name defined twice raises SpecError."""
    doc = copy.deepcopy(base)
    doc.setdefault("paths", {})
    doc.setdefault("components", {})
    doc.setdefault("tags", [])
    origin: dict[tuple[str, ...], str] = {}
    _add_all(doc, doc, "base", origin)
    for source, fragment in fragments:
        unknown = set(fragment) - FRAGMENT_KEYS
        if unknown:
            raise SpecError(f"{source}: unknown top-level key(s) {sorted(unknown)}; a fragment has "
                            "paths, components and tags only")
        _add_all(doc, copy.deepcopy(fragment), source, origin)
    return doc


def _add_all(doc: dict[str, Any], fragment: dict[str, Any], source: str,
             origin: dict[tuple[str, ...], str]) -> None:
    """Put the fragment's paths, components and tags into `doc`, each name claimed once across sources."""
    entries: list[tuple[tuple[str, ...], Any]] = [
        (("paths", path), item) for path, item in (fragment.get("paths") or {}).items()]
    for section, items in (fragment.get("components") or {}).items():
        entries += [(("components", section, key), value) for key, value in (items or {}).items()]
    entries += [(("tags", tag["name"]), tag) for tag in fragment.get("tags") or []]
    for where, value in entries:
        if where in origin:
            raise SpecError(f"{source}: {'/'.join(where)} is already defined in {origin[where]}")
        origin[where] = source
        if doc is fragment:
            continue
        if where[0] == "paths":
            doc["paths"][where[1]] = value
        elif where[0] == "components":
            doc["components"].setdefault(where[1], {})[where[2]] = value
        else:
            doc["tags"].append(value)


@lru_cache(maxsize=8)
def _assembled(features: tuple[str, ...]) -> dict[str, Any]:
    base = _load(BASE)
    return merge(base, ((str(path), _load(path)) for path in fragment_files(features)))


def assemble(features: Iterable[str] | None = None) -> dict[str, Any]:
    """The merged document for `features` (default: the current app's), cached per process. Do not modify
    the result; `document()` gives a copy."""
    if features is None:
        from portal.core import registry

        features = [f.name for f in registry.current().features if f.name != "core"]
    return _assembled(tuple(features))


def document(base_url: str, features: Iterable[str] | None = None) -> dict[str, Any]:
    """The document as served: `servers` names the site's absolute root URL (when one can be trusted)."""
    doc = copy.deepcopy(assemble(features))
    if base_url:
        doc["servers"] = [{"url": base_url, "description": doc["servers"][0].get("description", "")}
                          if doc.get("servers") else {"url": base_url}]
    return doc



def endpoints(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each GET operation of the document: path, operation id, summary, tag, formats (the media types of
    its 200 answer) and whether the path takes parameters."""
    rows = []
    for path, item in doc.get("paths", {}).items():
        operation = item.get("get")
        if operation is None:
            continue
        ok = (operation.get("responses") or {}).get("200") or {}
        ok = _resolve(doc, ok)
        rows.append({
            "path": path,
            "operation_id": operation.get("operationId"),
            "summary": operation.get("summary", ""),
            "tag": (operation.get("tags") or [""])[0],
            "formats": sorted((ok.get("content") or {}).keys()),
            "templated": "{" in path,
        })
    return rows


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` ("#/components/responses/X")."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 10:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node, seen = target, seen + 1
    return node if isinstance(node, dict) else {}
