"""Batched waiting: many resources waiting on the same vendor share one listing per tick.

A fleet of domains waiting out their creating or validating phase would each GET their domain
on every tick. Instead, each waiter asks a :class:`SharedListing` (one per credential and scope,
from :func:`shared_listing`) for a listing taken no earlier than it can accept; the first one to
ask runs the listing, the others arriving meanwhile wait for it, and later waiters reuse it while
it is fresh enough. Every waiter keeps its own schedule, timeout and cancellation
(:func:`~.polling.poll_until`); only the requests are shared.

What the listing does not show (a domain just created that the list does not show yet, or one
that left the listed statuses) is the caller's to look up on its own.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from pulumi_mail_domains.core import cancellation
from pulumi_mail_domains.core.polling import Clock

__all__ = ["Listing", "SharedListing", "shared_listing"]

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

# A follower re-checks this often (real seconds) whether the run was cancelled.
_WAKE_SECONDS = 0.5


@dataclasses.dataclass(frozen=True)
class Listing(Generic[K, T]):
    """What one listing found, by key, and when (the clock's time) it was started."""

    started: float
    items: Mapping[K, T]


class SharedListing(Generic[K, T]):
    """The latest listing of one scope and the one in progress, shared by threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._latest: Listing[K, T] | None = None
        self._running_since: float | None = None
        self.listings = 0
        """How many listings were run (for tests and reports)."""

    def fetch(
        self, *, since: float, list_items: Callable[[], Mapping[K, T]], clock: Clock
    ) -> Listing[K, T]:
        """A listing started at or after ``since``: the latest if it is, the one in progress if it
        is, else a new one run by this caller with ``list_items`` (its errors are the caller's;
        waiters on it then run their own)."""
        with self._changed:
            while True:
                latest = self._latest
                if latest is not None and latest.started >= since:
                    return latest
                running = self._running_since
                if running is None:
                    started = clock.monotonic()
                    self._running_since = started
                    break
                # One is in progress: if it started too early for us we still wait for it to
                # end, then run our own; two listings at once would only duplicate the work.
                if cancellation.is_cancelled():
                    raise cancellation.CancelledError("the run was cancelled while waiting")
                self._changed.wait(_WAKE_SECONDS)
        try:
            items = list_items()
        except BaseException:
            with self._changed:
                self._running_since = None
                self._changed.notify_all()
            raise
        listing = Listing(started, items)
        with self._changed:
            self.listings += 1
            if self._latest is None or self._latest.started <= started:
                self._latest = listing
            self._running_since = None
            self._changed.notify_all()
        return listing


_LISTINGS: dict[Hashable, SharedListing[Any, Any]] = {}
_LISTINGS_LOCK = threading.Lock()


def shared_listing(scope: Hashable) -> SharedListing[Any, Any]:
    """The process's one :class:`SharedListing` for ``scope`` (e.g. a credential id and a
    project), made on first use."""
    with _LISTINGS_LOCK:
        listing = _LISTINGS.get(scope)
        if listing is None:
            listing = _LISTINGS[scope] = SharedListing()
        return listing
