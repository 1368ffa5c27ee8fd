"""A scoped rate limit counted with one cache round trip per request.

DRF's ``ScopedRateThrottle`` keeps each client's request times as a list in the cache, read and
written back whole on every request: two round trips to Redis and a list of up to 1,200 times
pickled each way for the door's check-in limit. ``CountingRateThrottle`` keeps the same rate,
the same client identity and the same 429 with ``Retry-After``, counting in a window of the
rate's length (a counter per client and window, increased in one step).
"""

from __future__ import annotations

import math
from typing import Any

from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import ScopedRateThrottle


def counter_increase(cache: Any, key: str, seconds: int) -> int:
    """Add one to the counter ``key`` (created, to expire after ``seconds``); its new value."""
    if isinstance(cache, RedisCache):
        # INCR and EXPIRE in one pipeline: one round trip (Django's incr asks EXISTS first).
        full_key = cache.make_and_validate_key(key)
        client = cache._cache.get_client(full_key, write=True)
        pipeline = client.pipeline()
        pipeline.incr(full_key)
        pipeline.expire(full_key, seconds)
        count, _expires = pipeline.execute()
        return int(count)
    try:
        return int(cache.incr(key))
    except ValueError:  # no counter yet in this window
        if cache.add(key, 1, seconds):
            return 1
        return int(cache.incr(key))


class CountingRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle``'s rates (the view's ``throttle_scope``) and client identity (the
    user, else the address by ``NUM_PROXIES``), counted per window of the rate's length."""

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.num_requests is None or self.duration is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        duration: int = self.duration
        window = math.floor(self.now / duration)
        self.window_ends = (window + 1) * duration
        # A counter lives a little past its window's end, never into another window's count.
        count = counter_increase(self.cache, f"{key}_{window}", duration + 1)
        return count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_ends - self.now, 1.0)
