"""This machine's Redis (127.0.0.1:6379) for the queue and shared-cache tests: an empty database number of
its own, emptied of what the test wrote afterwards; the test is skipped when no Redis answers."""
from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


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
    """(url of an empty Redis database, a unique key prefix); every key written there is deleted after."""
    import redis

    redis_or_skip()
    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.dbsize() == 0:
            break
    else:
        pytest.skip("no empty Redis database number")
    prefix = "t" + uuid.uuid4().hex[:10]
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}", prefix
    finally:
        for pattern in ("rq:*", f"{prefix}*", f"LIMITS:{prefix}*", f"*{prefix}*"):
            keys = list(client.scan_iter(match=pattern, count=500))
            if keys:
                client.delete(*keys)
        client.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
