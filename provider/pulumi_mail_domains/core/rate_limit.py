"""Pacing the requests of one credential: a token bucket that learns from the vendor's answers.

Vendors limit requests per API token (Scaleway: 50 per second, docs/vendor-apis.md). Every
resource a provider process serves uses the same token, so one :class:`RateLimiter` per
credential per process (:func:`limiter_for`) paces all of them: a request waits in line for a
token instead of being sent, refused with a 429 and retried blind.

The bucket starts at the configured rate and corrects itself from what the vendor says:

* ``X-Ratelimit-Limit`` (``50, 50;w=1``: 50 per 1-second window) lowers the rate to the
  server's when that is lower than the configured one;
* ``X-Ratelimit-Remaining`` caps the local tokens at what the server still grants, less the
  requests sent since that answer left the server (they count against it too);
* a 429 (with ``Retry-After`` or ``X-Ratelimit-Reset``) stops every caller until the server's
  window reopens and halves the rate (once a window: the 429s of requests sent together are one
  signal); each clean second then wins back a tenth of the ceiling, until the rate is the
  ceiling again (additive increase, multiplicative decrease), but only while the server's last
  answer left a fifth of its bucket: a nearly empty bucket means the limit is already in use.
  Several processes sharing one token (parallel stacks) settle this way on their shares of the
  server's limit.

The bucket starts with one token, not a full burst, and at a quarter of the rate (slow start),
so the first answers teach the server's limit and headroom before dozens of concurrent
resources spend a burst the server may not grant.

Credentials are only ever held as a SHA-256 digest (:func:`credential_id`), so neither the
registry nor a ``repr`` can reveal the secret.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import threading
from collections.abc import Mapping

from pulumi_mail_domains.core.polling import SYSTEM_CLOCK, Clock

__all__ = ["RateLimiter", "credential_id", "limiter_for"]

_DECREASE = 0.5
_RECOVERY_PER_SECOND = 0.1
_MIN_RATE = 0.2
_WINDOW_SECONDS = 1.0
# A new limiter starts at a quarter of its rate and climbs while the server has room: other
# processes may already share the token (parallel stacks), and a burst at the full rate from
# each of them would only earn 429s.
_START = 0.25
# The share of the server's bucket left at the last answer below which the rate does not climb.
_HEADROOM = 0.2
# Waiting for a token re-reads the bucket at least this often (the rate may have recovered).
_LONGEST_SLEEP = 0.25
# Floating-point slack: a wait of (1 - tokens) / rate earns a whole token, not 0.9999999 of one.
_EPSILON = 1e-9
# "50, 50;w=1" (IETF RateLimit header draft): the first number is the quota, w= its window.
_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)")
_WINDOW = re.compile(r"w=(\d+(?:\.\d+)?)")


def credential_id(*parts: str) -> str:
    """A stable identity for a credential (vendor, API root, token) that does not reveal it."""
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return digest[:16]


class RateLimiter:
    """A token bucket shared by every request made with one credential (thread safe).

    Args:
        rate: requests per second allowed at most (the configured or documented rate).
        clock: where waits read the time and sleep (a simulated one in tests).
        name: what the limiter paces, for logs (never the secret).
        slow_start: start at a quarter of ``rate`` and climb while the server has room (the
            default: other processes may share the token).
    """

    def __init__(
        self, rate: float, *, clock: Clock = SYSTEM_CLOCK, name: str = "", slow_start: bool = True
    ) -> None:
        if not rate > 0:
            raise ValueError("a request rate must be a positive number of requests per second")
        self.name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._configured = float(rate)
        self._server_rate: float | None = None
        self._rate = float(rate) * (_START if slow_start else 1.0)
        self._tokens = 1.0
        self._updated = clock.monotonic()
        self._paused_until = 0.0
        self._decreased_at = -math.inf
        self._headroom: float | None = None
        self._sequence = itertools.count(1)
        self._in_flight: set[int] = set()
        self.throttled = 0
        """How many 429 answers this limiter has seen."""

    def __repr__(self) -> str:
        return f"RateLimiter(name={self.name!r}, rate={self.rate:.2f}/s)"

    @property
    def ceiling(self) -> float:
        """The rate it climbs back to: the configured one, or the server's when lower."""
        if self._server_rate is None:
            return self._configured
        return min(self._configured, self._server_rate)

    @property
    def rate(self) -> float:
        """The rate requests are paced at now (requests per second)."""
        return self._rate

    def configure(self, rate: float) -> None:
        """A new configured rate (a provider configured again with another setting)."""
        if not rate > 0:
            raise ValueError("a request rate must be a positive number of requests per second")
        with self._lock:
            self._configured = float(rate)
            self._rate = min(self._rate, self.ceiling)

    @property
    def configured(self) -> float:
        """The configured rate (requests per second)."""
        return self._configured

    def acquire(self, not_after: float | None = None) -> int | None:
        """Wait for a token; return the request's ticket.

        Pass the ticket to :meth:`record` with the answer, or to :meth:`release` when no answer
        came, so the requests still in flight are known. ``not_after`` is the caller's deadline
        (the clock's time): when the server holds every request back past it (a 429's pause),
        None is returned at once; when no token has come by then, None is returned then. A
        token there now is granted even past the deadline: a call gets its one try, as without
        a limiter. The wait is re-evaluated as the rate recovers, so a queue estimated at a
        lowered rate never fails a call that the recovered rate serves in time.
        """
        while True:
            with self._lock:
                now = self._refill()
                if not_after is not None and self._paused_until > max(now, not_after):
                    return None
                if now >= self._paused_until and self._tokens >= 1.0 - _EPSILON:
                    self._tokens -= 1.0
                    ticket = next(self._sequence)
                    self._in_flight.add(ticket)
                    return ticket
                if not_after is not None and now >= not_after:
                    return None
                wait = max(self._paused_until - now, (1.0 - self._tokens) / self._rate)
            if not_after is not None:
                wait = min(wait, not_after - now)
            self._clock.sleep(min(wait, _LONGEST_SLEEP))

    def release(self, ticket: int) -> None:
        """The request of ``ticket`` got no answer (a connection failure): it is over."""
        with self._lock:
            self._in_flight.discard(ticket)

    def record(self, ticket: int, status: int, headers: Mapping[str, str]) -> None:
        """Learn from the answer to the request of ``ticket``: its status and rate headers."""
        with self._lock:
            self._in_flight.discard(ticket)
            now = self._refill()
            self._learn_limit(headers)
            # Requests sent after this one may already have reached the server, so they
            # count against what it says is left.
            later = sum(1 for other in self._in_flight if other > ticket)
            remaining = _number(headers.get("x-ratelimit-remaining"))
            if remaining is not None:
                self._tokens = min(self._tokens, remaining - later)
                self._headroom = remaining - later
            if status == 429:
                self.throttled += 1
                # 429s answering requests sent together are one signal: one decrease a window.
                if now >= self._decreased_at + _WINDOW_SECONDS:
                    self._rate = max(_MIN_RATE, self._rate * _DECREASE)
                    self._decreased_at = now
                self._tokens = min(self._tokens, 0.0)
                wait = _pause_seconds(headers)
                self._paused_until = max(self._paused_until, now + wait)

    def _refill(self) -> float:
        """Add the tokens earned since the last update and recover the rate; return now."""
        now = self._clock.monotonic()
        # No token is earned while the server has asked everyone to hold off.
        elapsed = max(0.0, now - max(self._updated, self._paused_until))
        self._updated = now
        ceiling = self.ceiling
        if now >= self._paused_until and self._rate < ceiling and self._has_headroom():
            recovered = ceiling * _RECOVERY_PER_SECOND * elapsed
            self._rate = min(ceiling, self._rate + recovered)
        elif self._rate > ceiling:
            self._rate = ceiling
        self._tokens = min(max(1.0, ceiling), self._tokens + elapsed * self._rate)
        return now

    def _has_headroom(self) -> bool:
        """Whether the server's bucket had room at the last answer: the rate only climbs back
        then, since a nearly empty bucket means the token's requests (maybe from other
        processes too) already use the whole limit, and climbing would only earn 429s."""
        return self._headroom is None or self._headroom >= _HEADROOM * self.ceiling

    def _learn_limit(self, headers: Mapping[str, str]) -> None:
        text = headers.get("x-ratelimit-limit")
        if not text:
            return
        quota = _LIMIT.match(text)
        if quota is None:
            return
        window = _WINDOW.search(text)
        seconds = float(window.group(1)) if window else 1.0
        server = float(quota.group(1)) / seconds if seconds > 0 else None
        if server and server > 0:
            self._server_rate = server
            self._rate = min(self._rate, self.ceiling)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.split(",")[0])
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _pause_seconds(headers: Mapping[str, str]) -> float:
    """How long a 429 asks every caller to hold off: ``Retry-After``, else the window's reset,
    else one second. (An HTTP-date ``Retry-After`` is left to the retry logic: one second.)"""
    for name in ("retry-after", "x-ratelimit-reset"):
        value = _number(headers.get(name))
        if value is not None and value < 1e9:  # larger: an epoch timestamp, not a delay
            return value
    return 1.0


_REGISTRY: dict[tuple[str, Clock], RateLimiter] = {}
_REGISTRY_LOCK = threading.Lock()


def limiter_for(
    credential: str, rate: float, *, clock: Clock = SYSTEM_CLOCK, name: str = ""
) -> RateLimiter:
    """The process's one limiter for ``credential`` (a :func:`credential_id`), made on first use.

    A later call with another ``rate`` (the provider configured again) updates the rate.
    """
    with _REGISTRY_LOCK:
        limiter = _REGISTRY.get((credential, clock))
        if limiter is None:
            limiter = RateLimiter(rate, clock=clock, name=name)
            _REGISTRY[(credential, clock)] = limiter
        elif rate != limiter.configured:
            limiter.configure(rate)
        return limiter
