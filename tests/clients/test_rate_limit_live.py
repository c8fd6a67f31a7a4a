"""Pacing and batched waiting over HTTP, against the emulator's per-token rate limit."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

THREADS = 8


def test_concurrent_callers_queue_for_tokens_instead_of_meeting_429s(emulator: Emulator) -> None:
    emulator.faults(rate_limit_per_second=20)
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, requests_per_second=50
    ) as client:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            list(pool.map(lambda _: client.list_domains(page_size=1), range(80)))
        elapsed = time.monotonic() - started
    statuses = [r["status"] for r in emulator.api_requests()]
    emulator.faults()
    refused = statuses.count(429)
    # The limiter learnt the server's 20 per second from its headers (the configured 50 would
    # have been refused): at most one 429 in 80 requests (the bucket's first second aside,
    # 80 requests take about three seconds), none of them failing.
    assert refused <= 1, f"{refused} of {len(statuses)} requests were refused"
    assert statuses.count(200) == 80
    assert elapsed >= 2.5


def test_fullhelp_callers_learn_a_windowless_limit_and_queue(emulator: Emulator) -> None:
    emulator.faults(rate_limit_per_second=20)
    with (
        FullHelpClient(
            FH_TOKEN, base_url=emulator.url, default_account_id=FH_ACCOUNT, requests_per_second=50
        ) as client,
        ThreadPoolExecutor(max_workers=THREADS) as pool,
    ):
        list(pool.map(lambda _: client.list_domains(None, per_page=1), range(60)))
    statuses = [r["status"] for r in emulator.api_requests()]
    emulator.faults()
    # "X-RateLimit-Limit: 20" without a window is read as per second, the emulator's meaning.
    assert statuses.count(429) <= 1, statuses
    assert statuses.count(200) == 60


def test_waiting_domains_share_one_listing_per_tick(emulator: Emulator) -> None:
    count = 30
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, requests_per_second=50
    ) as client:
        created = [client.create_domain(f"wait-{n:02d}.example") for n in range(count)]
        assert all(domain.status == "creating" for domain in created)
        mark = len(emulator.api_requests())
        with ThreadPoolExecutor(max_workers=count) as pool:
            done = list(
                pool.map(
                    lambda domain: client.wait_for_domain(
                        domain.id, timeout=30, min_delay=0.2, max_delay=1.0, known=domain
                    ),
                    created,
                )
            )
    assert all(domain.status == "waiting_validation" for domain in done)
    during = emulator.api_requests()[mark:]
    singles = [r for r in during if r["method"] == "GET" and "/domains/" in r["path"]]
    listings = [r for r in during if r["method"] == "GET" and r["path"].endswith("/domains")]
    # One GET per domain per tick would be ~30 x 5; the shared listing costs a handful in all.
    assert not singles, f"{len(singles)} single-domain GETs"
    assert 1 <= len(listings) <= 12, f"{len(listings)} listings for {count} domains"
