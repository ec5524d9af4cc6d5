"""Helpers of tests/jobs. This machine's Redis (127.0.0.1:6379) for the queue and shared-cache tests: an
empty database number of its own, emptied of what the test wrote afterwards; the test is skipped when no
Redis answers. A silent SMTP server, free ports."""
from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Not 0, 13 and 15: other tests write there (tests/wbs/test_logs.py, tests/core/test_rate_limits.py,
# tests/accounts/test_auth.py).
SCRATCH_DATABASES = (14, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@contextmanager
def scratch_redis() -> Iterator[tuple[str, str]]:
    """(url of an empty Redis database claimed for this test, a unique key prefix); every key written
    there is deleted after."""
    import redis

    redis_or_skip()
    prefix = "t" + uuid.uuid4().hex[:10]
    claim = "portal-test-claim"
    for number in SCRATCH_DATABASES:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        # claimed atomically: parallel test processes (pytest -n) never share a database number
        if client.set(claim, prefix, nx=True, ex=900):
            if client.dbsize() == 1:
                break
            client.delete(claim)
        client.close()
    else:
        pytest.skip("no empty Redis database number")
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}", prefix
    finally:
        # the database was empty when claimed and no one else uses it: everything in it is the test's
        keys = list(client.scan_iter(match="*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hanging_smtp(port: int) -> socket.socket:
    """A "mail server" that takes connections and never says a word: an SMTP client waits for its timeout."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(16)
    return sock
