"""Counting attempts per key in fixed windows, in Django's cache.

With the default local-memory cache each application process counts on its own, so with N
processes the effective limit is up to N times the configured one; point `CACHES` at a shared
cache (docs/operations.md) to count across processes and servers.
"""

from __future__ import annotations

from django.core.cache import cache

from rodtrad.common import clock


def _key(name: str, window: int) -> str:
    return f"rodtrad:rate:{name}:{int(clock.now().timestamp()) // window}"


def hit(name: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False when this one is over `limit` in the current `window` seconds."""
    key = _key(name, window)
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(name: str, *, limit: int, window: int) -> bool:
    """Whether `limit` attempts were already counted in the current window (counts nothing)."""
    return (cache.get(_key(name, window)) or 0) >= limit
