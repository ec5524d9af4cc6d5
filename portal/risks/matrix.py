"""The 5x5 risk matrix of the SPIP risk register: the one place that turns likelihood and impact into a level.

score = likelihood x impact (each 1-5, so 1-25). The level ("besaran risiko") is read from *bands*: data,
not code. The default (portal/config.py DEFAULT_RISK_LEVEL_BANDS, setting PORTAL_RISK_LEVEL_BANDS) is

    score  1-5   Sangat Rendah
    score  6-10  Rendah
    score 11-15  Sedang
    score 16-20  Tinggi
    score 21-25  Sangat Tinggi

the ranges common in BPKP-style 5x5 matrices. It is a configurable default, not a quoted regulation: an
office whose own risk-management decree sets other ranges writes them in the setting
("1-4:sangat_rendah,5-9:rendah,..."). The bands must cover 1-25 without gaps or overlaps, low to high, each
level once; the level codes are the five below (their labels are translated here).

Nothing here reads the request; `current_bands()` reads the app's setting.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

LIKELIHOOD_LABELS = {
    1: _l("Hampir tidak terjadi"),
    2: _l("Jarang terjadi"),
    3: _l("Kadang-kadang terjadi"),
    4: _l("Sering terjadi"),
    5: _l("Hampir pasti terjadi"),
}
IMPACT_LABELS = {
    1: _l("Tidak signifikan"),
    2: _l("Minor"),
    3: _l("Moderat"),
    4: _l("Signifikan"),
    5: _l("Sangat signifikan"),
}
SCALE = (1, 2, 3, 4, 5)
MIN_SCORE, MAX_SCORE = 1, 25

LEVEL_LABELS = {
    "sangat_rendah": _l("Sangat Rendah"),
    "rendah": _l("Rendah"),
    "sedang": _l("Sedang"),
    "tinggi": _l("Tinggi"),
    "sangat_tinggi": _l("Sangat Tinggi"),
}
# The levels that count as "high" on the dashboard (overdue controls of these are shown first).
HIGH_LEVELS = ("tinggi", "sangat_tinggi")


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    level: str

    @property
    def label(self):
        return LEVEL_LABELS[self.level]


def parse_bands(text: str) -> tuple[Band, ...]:
    """"1-5:sangat_rendah,6-10:rendah,..." -> the bands, checked (ValueError naming what is wrong: this is
    a setting read at start-up, for the administrator, not a message for a form)."""
    bands = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        span, sep, level = part.partition(":")
        low, dash, high = span.partition("-")
        if not sep or not dash or not low.strip().isdigit() or not high.strip().isdigit():
            raise ValueError(f"PORTAL_RISK_LEVEL_BANDS: {part!r} is not 'low-high:level'")
        bands.append(Band(int(low), int(high), level.strip()))
    check_bands(bands)
    return tuple(bands)


def check_bands(bands: Iterable[Band]) -> None:
    bands = list(bands)
    expected = MIN_SCORE
    seen = set()
    for band in bands:
        if band.level not in LEVEL_LABELS:
            raise ValueError(f"PORTAL_RISK_LEVEL_BANDS: unknown level {band.level!r} "
                             f"(one of {', '.join(LEVEL_LABELS)})")
        if band.level in seen:
            raise ValueError(f"PORTAL_RISK_LEVEL_BANDS: level {band.level!r} given twice")
        if band.low != expected or band.high < band.low:
            raise ValueError(f"PORTAL_RISK_LEVEL_BANDS: band {band.low}-{band.high}, "
                             f"expected a start at {expected}")
        seen.add(band.level)
        expected = band.high + 1
    if expected != MAX_SCORE + 1:
        raise ValueError("PORTAL_RISK_LEVEL_BANDS: the bands must end at 25")


def current_bands() -> tuple[Band, ...]:
    """The app's bands (setting RISK_LEVEL_BANDS), parsed once per app."""
    cache = current_app.extensions.setdefault("risk_level_bands", {})
    text = current_app.config.get("RISK_LEVEL_BANDS") or ""
    if text not in cache:
        cache[text] = parse_bands(text)
    return cache[text]


def score(likelihood: int, impact: int) -> int:
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError("likelihood and impact are 1-5")
    return likelihood * impact


def level_of(value: int | None, bands: Iterable[Band]) -> str | None:
    """The level code of a score (None for no score)."""
    if value is None:
        return None
    for band in bands:
        if band.low <= value <= band.high:
            return band.level
    raise ValueError(f"score {value} outside the bands")


def level(likelihood: int, impact: int, bands: Iterable[Band]) -> str:
    return level_of(score(likelihood, impact), bands)


def band_of(level_code: str, bands: Iterable[Band]) -> Band | None:
    return next((b for b in bands if b.level == level_code), None)


def grid(bands: Iterable[Band]) -> list[list[tuple[int, int, int, str]]]:
    """The matrix as rows of cells (likelihood, impact, score, level), likelihood 5 on top (as drawn)."""
    bands = tuple(bands)
    return [[(lk, im, lk * im, level_of(lk * im, bands)) for im in SCALE] for lk in reversed(SCALE)]
