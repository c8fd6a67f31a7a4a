"""The shared listing: concurrent waiters share one listing; none accepts one that is too old."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_mail_domains.core.poller import SharedListing, shared_listing
from support.clock import SimulatedTime


def test_waiters_arriving_during_a_listing_share_it() -> None:
    time = SimulatedTime(100.0)
    shared: SharedListing[str, int] = SharedListing()
    release = threading.Event()
    calls = 0

    def list_items() -> dict[str, int]:
        nonlocal calls
        calls += 1
        assert release.wait(10)
        return {"a": 1, "b": 2}

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [
            pool.submit(shared.fetch, since=time.now, list_items=list_items, clock=time.clock)
            for _ in range(8)
        ]
        # Every waiter is either running the listing or waiting for it before it ends.
        threading.Timer(0.2, release.set).start()
        listings = [future.result(timeout=10) for future in futures]
    assert calls == 1 and shared.listings == 1
    assert all(listing.items == {"a": 1, "b": 2} for listing in listings)


def test_a_fresh_listing_is_reused_and_an_older_one_is_not() -> None:
    time = SimulatedTime(100.0)
    shared: SharedListing[str, int] = SharedListing()
    answers = iter([{"a": 1}, {"a": 2}])

    def list_items() -> dict[str, int]:
        return next(answers)

    first = shared.fetch(since=time.now, list_items=list_items, clock=time.clock)
    time.sleep(0.3)
    again = shared.fetch(since=time.now - 0.5, list_items=list_items, clock=time.clock)
    assert again is first  # started within the half second the waiter accepts
    # A waiter that changed something at "now" accepts no listing started before it.
    newer = shared.fetch(since=time.now, list_items=list_items, clock=time.clock)
    assert newer.items == {"a": 2} and newer.started == time.now and shared.listings == 2


def test_a_failed_listing_is_the_listers_error_and_the_next_waiter_runs_its_own() -> None:
    time = SimulatedTime(100.0)
    shared: SharedListing[str, int] = SharedListing()

    def failing() -> dict[str, int]:
        raise RuntimeError("outage")

    with pytest.raises(RuntimeError, match="outage"):
        shared.fetch(since=time.now, list_items=failing, clock=time.clock)
    listing = shared.fetch(since=time.now, list_items=lambda: {"a": 1}, clock=time.clock)
    assert listing.items == {"a": 1} and shared.listings == 1


def test_one_shared_listing_per_scope() -> None:
    assert shared_listing(("cred", "project-1")) is shared_listing(("cred", "project-1"))
    assert shared_listing(("cred", "project-1")) is not shared_listing(("cred", "project-2"))
