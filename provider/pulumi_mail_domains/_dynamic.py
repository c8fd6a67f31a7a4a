"""Plumbing shared by the dynamic providers: input checking, unknowns, diffs and polling.

Providers are pickled into the state by reference (their class lives in an importable module),
so they carry no attributes until ``configure()`` runs inside the provider process.
"""

from __future__ import annotations

import math
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from pulumi.dynamic import CheckFailure, DiffResult
from pulumi.runtime import rpc

from pulumi_mail_domains.domain_names import InvalidDomainName, is_within, normalize_domain

UNKNOWN: str = rpc.UNKNOWN
"""What an input not yet known (during preview) looks like to a dynamic provider."""

PROVIDER_KEY = "__provider"


def is_unknown(value: object) -> bool:
    return isinstance(value, str) and value == UNKNOWN


class Checker:
    """Collects normalised inputs and :class:`CheckFailure`s naming the property."""

    def __init__(self, news: Mapping[str, Any]) -> None:
        self.news = news
        self.inputs: dict[str, Any] = {k: v for k, v in news.items() if k != PROVIDER_KEY}
        self.failures: list[CheckFailure] = []

    def fail(self, prop: str, reason: str) -> None:
        self.failures.append(CheckFailure(prop, reason))

    def present(self, prop: str) -> bool:
        """Whether the input is set and known (unknowns are checked at update time)."""
        value = self.news.get(prop)
        return value is not None and not is_unknown(value)

    def domain(self, prop: str, *, required: bool = True) -> str | None:
        if not self.present(prop):
            if required and self.news.get(prop) is None:
                self.fail(prop, f"{prop} is required: give the domain name, e.g. example.com")
            return None
        value = self.news[prop]
        if not isinstance(value, str):
            self.fail(prop, f"{prop} must be a string, got {type(value).__name__}")
            return None
        try:
            normalized = normalize_domain(value)
        except InvalidDomainName as error:
            self.fail(prop, f"{prop} {value!r} is not a valid domain name: it {error}")
            return None
        self.inputs[prop] = normalized
        return normalized

    def zone(self, domain: str | None, *, domain_prop: str) -> None:
        """``zone`` defaults to the domain and must contain it."""
        if self.news.get("zone") is None:
            if domain is not None:
                self.inputs["zone"] = domain
            return
        zone = self.domain("zone")
        if zone is not None and domain is not None and not is_within(domain, zone):
            self.fail(
                "zone",
                f"zone {zone!r} does not contain {domain_prop} {domain!r}: the records of "
                f"{domain} cannot live in it (use {domain} or one of its parent zones)",
            )

    def uuid(self, prop: str, default: str | None, hint: str) -> None:
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None or value == "":
            if default is None:
                self.fail(prop, f"{prop} is required: {hint}")
                return
            value = default
        try:
            self.inputs[prop] = str(uuid.UUID(str(value)))
        except ValueError:
            self.fail(prop, f"{prop} {value!r} is not a UUID")

    def integer(self, prop: str, default: str | int | None = None, *, hint: str = "") -> None:
        """A positive integer; floats with an integral value and digit strings are accepted."""
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None or value == "":
            if default is None:
                self.fail(prop, f"{prop} is required{': ' + hint if hint else ''}")
                return
            value = default
        number = _as_int(value)
        if number is None or number <= 0:
            self.fail(prop, f"{prop} must be a positive integer, got {value!r}")
            return
        self.inputs[prop] = number

    def positive_number(self, prop: str, default: float) -> None:
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None:
            self.inputs[prop] = default
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value <= 0
        ):
            self.fail(prop, f"{prop} must be a positive number of seconds, got {value!r}")
            return
        self.inputs[prop] = int(value) if float(value).is_integer() else float(value)

    def boolean(self, prop: str, default: bool) -> None:
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None:
            self.inputs[prop] = default
        elif not isinstance(value, bool):
            self.fail(prop, f"{prop} must be true or false, got {value!r}")

    def string_list(self, prop: str) -> None:
        value = self.news.get(prop)
        if value is None or is_unknown(value):
            return
        if not isinstance(value, list):
            self.fail(prop, f"{prop} must be a list, got {type(value).__name__}")


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def diff_inputs(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    *,
    replace: Iterable[str],
    update: Iterable[str],
) -> DiffResult:
    """Compare normalised inputs: changed ``replace`` keys replace, ``update`` keys update."""
    replace_keys = [k for k in replace if _changed(olds.get(k), news.get(k))]
    update_keys = [k for k in update if _changed(olds.get(k), news.get(k))]
    changed = replace_keys + update_keys
    return DiffResult(
        changes=bool(changed),
        replaces=replace_keys,
        stables=[k for k in replace if k not in replace_keys],
        delete_before_replace=False,
    )


def _changed(old: object, new: object) -> bool:
    return is_unknown(new) or old != new


def poll_until(
    step: Callable[[], bool],
    *,
    timeout: float,
    min_delay: float = 0.5,
    max_delay: float = 15.0,
) -> bool:
    """Call ``step`` until it returns True or ``timeout`` seconds pass; False on timeout.

    Delays grow exponentially with full jitter (between half and all of the current bound),
    and the last sleep is cut short so the deadline is kept.
    """
    deadline = time.monotonic() + timeout
    delay = min_delay
    while True:
        if step():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(remaining, random.uniform(delay / 2, delay)))
        delay = min(max_delay, delay * 2)


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


ClientT = TypeVar("ClientT")


class ClientProvider(Generic[ClientT]):
    """A provider's API client: one pooled client per provider process, built on first use.

    The provider object is unpickled and configured once per process and then serves the
    engine's concurrent calls, so the client is built under a lock and shared (it is thread
    safe). Nothing here is pickled into the state: the lock is a class attribute (dill pickles
    the class by reference) and the client only exists inside the provider process.
    """

    _client: ClientT | None = None
    _client_lock = threading.Lock()

    def _new_client(self) -> ClientT:
        raise NotImplementedError

    @property
    def client(self) -> ClientT:
        with self._client_lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client
