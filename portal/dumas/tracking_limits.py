"""Wrong access codes per DUMAS tracking number: a short lock, so that strangers' guesses cannot keep the
reporter out of their own case for long, while guessing stays infeasible.

Only WRONG codes count (a reporter who opens the case often never locks it). After
DUMAS_TRACK_NUMBER_MAX_FAILURES (5) wrong codes within a window of DUMAS_TRACK_NUMBER_LOCK_SECONDS (60 s),
every code for that number, the right one too, is refused until the window ends: at most 60 s after the
last counted wrong code. Refused attempts are not evaluated and do not count, so the lock never grows.

The arithmetic (defaults): an access code is 8 symbols from a 31-symbol alphabet, 31^8 ~ 8.5e11 codes
(~39.6 bits). Whatever the number of clients, one number sees at most 5 evaluated wrong codes per 60 s:
7,200 a day, so finding a code takes on average 8.5e11 / 2 / 7,200 ~ 5.9e7 days (~160,000 years). The
per-client limits (DUMAS_TRACK_RATE_LIMIT, 5 per minute and 30 per hour) stay and bound one client to 720
guesses a day across all numbers.

The counts live in the rate limiter's storage (Redis in production, shared by the workers); when it is
unreachable, an in-process memory store takes over as Flask-Limiter's own fallback does.
"""
from __future__ import annotations

import logging
import time

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from portal.extensions import limiter

log = logging.getLogger("portal.dumas")
_fallback = FixedWindowRateLimiter(MemoryStorage())


def _item(config) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(int(config["DUMAS_TRACK_NUMBER_MAX_FAILURES"]),
                                  int(config["DUMAS_TRACK_NUMBER_LOCK_SECONDS"]))


def _ids(config, number: str) -> tuple[str, ...]:
    return (config["RATELIMIT_KEY_PREFIX"], "dumas-number-failures", number)


def _strategy():
    try:
        return limiter.limiter
    except (AssertionError, AttributeError):  # limiter not initialised for this app
        return _fallback


def _call(config, method: str, number: str):
    item, ids = _item(config), _ids(config, number)
    try:
        return getattr(_strategy(), method)(item, *ids)
    except Exception as exc:  # noqa: BLE001 - storage down: count in memory rather than fail the page
        log.warning("rate-limit storage unreachable for tracking counts: %s", type(exc).__name__)
        return getattr(_fallback, method)(item, *ids)


def enabled(config) -> bool:
    return bool(config["RATELIMIT_ENABLED"])


def locked_for(config, number: str) -> int:
    """Seconds until wrong codes for `number` may be tried again; 0 when it is not locked."""
    if not enabled(config) or _call(config, "test", number):
        return 0
    stats = _call(config, "get_window_stats", number)
    return max(1, int(stats.reset_time - time.time()) + 1)


def record_failure(config, number: str) -> None:
    """Count one wrong code for `number` (whoever sent it)."""
    if enabled(config):
        _call(config, "hit", number)
