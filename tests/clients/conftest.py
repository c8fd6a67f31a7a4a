"""Clients wired to the session's emulator, with short backoffs so fault tests stay fast."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

# Same shape as production, scaled down: milliseconds instead of seconds.
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, deadline_seconds=20)


@pytest.fixture
def fast_retry() -> RetryPolicy:
    """The retry policy of the ``scw`` and ``fh`` clients."""
    return FAST_RETRY


@pytest.fixture
def scw(emulator: Emulator) -> Iterator[ScalewayMailboxClient]:
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=FAST_RETRY
    ) as client:
        yield client


@pytest.fixture
def fh(emulator: Emulator) -> Iterator[FullHelpClient]:
    with FullHelpClient(
        FH_TOKEN, base_url=emulator.url, default_account_id=FH_ACCOUNT, retry=FAST_RETRY
    ) as client:
        yield client


@pytest.fixture(scope="session")
def lost_then_kept_seed() -> int:
    """A fault seed whose first draw loses the response and whose second keeps it.

    With only ``lost_response_rate`` set, the emulator draws one number per request from
    ``random.Random(seed)``, so a rate of 0.5 loses exactly the first matching response.
    """
    for seed in range(1000):
        rng = random.Random(seed)
        if rng.random() < 0.5 <= rng.random():
            return seed
    raise AssertionError("no seed found")
