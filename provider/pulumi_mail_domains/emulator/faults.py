"""Fault injection, rate limiting and the request log.

Knobs are set as a whole through ``POST /_emulator/faults``; knobs left out return to their
defaults (no fault). Every random choice comes from one ``random.Random`` re-seeded each
time the knobs are set (with the knob ``seed``, else the emulator's ``--seed``), so the same
sequence of requests meets the same faults in every run.
"""

from __future__ import annotations

import collections
import dataclasses
import math
import random
import threading
import time
from http import HTTPStatus
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Api = Literal["scaleway", "fullhelp"]
_ALL_APIS: tuple[Api, ...] = ("scaleway", "fullhelp")


class FaultKnobs(BaseModel):
    """Faults applied to the vendor APIs (never to ``/_emulator``)."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: float = Field(0.0, ge=0, le=60_000, description="Added delay per request.")
    error_rate: float = Field(
        0.0, ge=0, le=1, description="Share of requests answered with an error, work not done."
    )
    error_statuses: list[int] = Field(
        default_factory=lambda: [500, 502, 503],
        min_length=1,
        description="Statuses an injected error picks from (429 or 5xx).",
    )
    reset_rate: float = Field(
        0.0, ge=0, le=1, description="Share of connections reset before the work is done."
    )
    lost_response_rate: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Share of requests whose work commits, then the connection drops.",
    )
    rate_limit_per_second: float | None = Field(
        None, gt=0, description="Token bucket per API token (burst = rate); unset: unlimited."
    )
    apis: list[Api] = Field(
        default_factory=lambda: list(_ALL_APIS),
        description="APIs the latency and random faults apply to.",
    )
    methods: list[str] | None = Field(
        None, description="HTTP methods the latency and random faults apply to (default all)."
    )
    seed: int | None = Field(None, description="Seed for this knob set (default --seed).")

    @field_validator("error_statuses")
    @classmethod
    def _known_error_statuses(cls, statuses: list[int]) -> list[int]:
        for status in statuses:
            if status != 429 and not (
                500 <= status <= 599 and status in HTTPStatus._value2member_map_
            ):
                raise ValueError(f"{status} is not 429 or a known 5xx status")
        return statuses

    @field_validator("methods")
    @classmethod
    def _upper_methods(cls, methods: list[str] | None) -> list[str] | None:
        return None if methods is None else [method.upper() for method in methods]


@dataclasses.dataclass(frozen=True)
class Decision:
    """What happens to one request."""

    latency: float = 0.0
    reset: bool = False
    error_status: int | None = None
    lost_response: bool = False


class Faults:
    """The current knobs and the seeded random source."""

    def __init__(self, seed: int | None) -> None:
        self._seed = seed
        self._lock = threading.Lock()
        self._knobs = FaultKnobs()
        self._random = random.Random(seed)

    @property
    def knobs(self) -> FaultKnobs:
        return self._knobs

    def configure(self, knobs: FaultKnobs) -> None:
        """Replace every knob and re-seed."""
        with self._lock:
            self._knobs = knobs
            self._random = random.Random(self._seed if knobs.seed is None else knobs.seed)

    def decide(self, api: Api, method: str) -> Decision:
        """Draw the faults for one request (draws happen in a fixed order)."""
        knobs = self._knobs
        if api not in knobs.apis or (knobs.methods is not None and method not in knobs.methods):
            return Decision()
        with self._lock:
            rng = self._random
            reset = knobs.reset_rate > 0 and rng.random() < knobs.reset_rate
            error_status = None
            if knobs.error_rate > 0 and rng.random() < knobs.error_rate:
                error_status = rng.choice(knobs.error_statuses)
            lost = knobs.lost_response_rate > 0 and rng.random() < knobs.lost_response_rate
        return Decision(knobs.latency_ms / 1000, reset, error_status, lost)


@dataclasses.dataclass(frozen=True)
class RateState:
    """A token bucket's answer: whether the request may pass, and header values."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int
    reset_seconds: int


class RateLimiter:
    """Token buckets keyed by API token; unlimited until a rate is configured."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._buckets: dict[str, tuple[float, float]] = {}

    def configure(self, rate: float | None) -> None:
        """Set the rate (None: unlimited) and refill every bucket."""
        with self._lock:
            self._rate = rate
            self._buckets.clear()

    def take(self, key: str) -> RateState | None:
        """Spend one token from ``key``'s bucket; None when no limit is configured."""
        with self._lock:
            rate = self._rate
            if rate is None:
                return None
            capacity = max(1.0, rate)
            now = time.monotonic()
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
        return RateState(
            allowed=allowed,
            limit=math.ceil(capacity),
            remaining=math.floor(tokens),
            retry_after=0 if allowed else max(1, math.ceil((1.0 - tokens) / rate)),
            reset_seconds=max(1, math.ceil((capacity - tokens) / rate)),
        )


class RequestLog:
    """Every request the emulator answered (or dropped), oldest first, capped in size."""

    def __init__(self, limit: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[dict[str, Any]] = collections.deque(maxlen=limit)

    def add(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
