"""Retries are timed, not counted: they go on until the deadline, over real HTTP."""

from __future__ import annotations

import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_mail_domains.core.behaviour import Behaviour
from pulumi_mail_domains.core.errors import ServerError
from pulumi_mail_domains.core.http import RetryPolicy, operation_deadline
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationBehaviour
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.mailbox_domain_validation import MailboxDomainValidationBehaviour
from support.behaviours import configured
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

# No attempt cap (the production default); short delays so the deadline, not a count, ends it.
TIMED = RetryPolicy(base_delay=0.01, max_delay=0.05, deadline_seconds=0.8)


def scaleway(emulator: Emulator, retry: RetryPolicy) -> ScalewayMailboxClient:
    return ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=retry
    )


def test_idempotent_call_retries_until_the_deadline_not_five_times(emulator: Emulator) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[503])
    started = time.monotonic()
    with scaleway(emulator, TIMED) as client, pytest.raises(ServerError) as info:
        client.list_domains()
    elapsed = time.monotonic() - started
    assert 0.6 < elapsed < 2.0
    assert info.value.attempts > 5
    assert len(emulator.api_requests()) == info.value.attempts


def test_create_retries_until_the_deadline_without_duplicates(emulator: Emulator) -> None:
    # Every POST fails without doing the work; each new try is preceded by a look-up.
    emulator.faults(error_rate=1.0, error_statuses=[500], methods=["POST"])
    with scaleway(emulator, TIMED) as client, pytest.raises(ServerError) as info:
        client.create_domain("timed.example")
    posts = [r for r in emulator.api_requests() if r["method"] == "POST"]
    assert len(posts) == info.value.attempts > 5
    emulator.faults()
    with scaleway(emulator, TIMED) as client:
        assert client.find_domain_by_name("timed.example") is None


def test_operation_deadline_bounds_every_retry_inside(emulator: Emulator) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[502])
    patient = RetryPolicy(base_delay=0.01, max_delay=0.05, deadline_seconds=600)
    started = time.monotonic()
    with (
        scaleway(emulator, patient) as client,
        operation_deadline(0.5),
        pytest.raises(ServerError) as info,
    ):
        client.get_domain_records("0b7e2a61-3c4d-4e5f-8a9b-0c1d2e3f4a5b")
    assert time.monotonic() - started < 1.5
    assert info.value.attempts > 1


def test_each_attempt_is_logged_at_debug_without_secrets(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[503])
    policy = RetryPolicy(base_delay=0.01, max_delay=0.01, max_attempts=3, deadline_seconds=10)
    with (
        caplog.at_level(logging.DEBUG, logger="pulumi_mail_domains.http"),
        scaleway(emulator, policy) as client,
        pytest.raises(ServerError),
    ):
        client.list_domains()
    lines = [r.getMessage() for r in caplog.records if r.name == "pulumi_mail_domains.http"]
    attempts = [line for line in lines if "(attempt " in line]
    assert len(attempts) == 3
    for n, line in enumerate(attempts, start=1):
        assert f"GET {emulator.url}/mailbox/v1alpha1/domains" in line
        assert "HTTP 503" in line
        assert f"(attempt {n})" in line
    assert "retrying in 0.01 s" in attempts[0]
    assert "giving up" in attempts[-1]
    assert all(r.levelno == logging.DEBUG for r in caplog.records if "(attempt " in r.getMessage())
    assert SCW_TOKEN not in caplog.text


# The harsh network: 20% 5xx, 5% resets, 10% lost responses, 15 requests per second.
HARSH = {
    "error_rate": 0.2,
    "error_statuses": [500, 502, 503, 504],
    "reset_rate": 0.05,
    "lost_response_rate": 0.1,
    "rate_limit_per_second": 15,
}
# The production policy (uncapped, 120 s deadline) with its real delays scaled down by 10.
HARSH_POLICY = RetryPolicy(base_delay=0.05, max_delay=2.0, deadline_seconds=120)
BATCH = 15


def test_harsh_network_batch_all_succeed_without_duplicates(emulator: Emulator) -> None:
    emulator.faults(**HARSH)
    scw_names = [f"harsh-scw-{n:02d}.example" for n in range(BATCH)]
    fh_names = [f"harsh-fh-{n:02d}.example" for n in range(BATCH)]
    with (
        scaleway(emulator, HARSH_POLICY) as scw,
        FullHelpClient(
            FH_TOKEN, base_url=emulator.url, default_account_id=FH_ACCOUNT, retry=HARSH_POLICY
        ) as fh,
        ThreadPoolExecutor(max_workers=4) as pool,
    ):
        scw_made = dict(pool.map(lambda n: (n, scw.create_domain(n).id), scw_names))
        fh_made = dict(pool.map(lambda n: (n, fh.create_domain(None, n).id), fh_names))
        scw_listed = {d.name: d.id for d in scw.list_all(page_size=4)}
        fh_listed = {d.domain: d.id for d in fh.list_all(None, per_page=4)}
        list(pool.map(lambda i: fh.delete_domain(None, i), fh_made.values()))
        fh_left = list(fh.list_all(None))

    assert scw_listed == scw_made
    assert fh_listed == fh_made
    assert fh_left == []
    faults = Counter(r["fault"] for r in emulator.api_requests())
    for kind in ("error", "reset", "lost_response", "rate_limited"):
        assert faults[kind] > 0, f"no {kind} fault was injected: {faults}"


@pytest.mark.parametrize("vendor", ["scaleway", "fullhelp"])
def test_the_verification_timeout_bounds_the_api_retries(
    vendor: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An API that keeps failing ends the wait at its timeout, not at the retry deadline."""
    for name, value in emulator.provider_env().items():
        monkeypatch.setenv(name, value)
    provider: Behaviour = configured(
        MailboxDomainValidationBehaviour()
        if vendor == "scaleway"
        else DomainVerificationBehaviour()
    )
    emulator.faults(error_rate=1.0)
    props = (
        {"domain_id": "0b5a8f1e-8c1c-4a4b-9d55-2f2d3a3c1e10", "timeout_seconds": 2}
        if vendor == "scaleway"
        else {"domain_id": 7, "account_id": FH_ACCOUNT, "timeout_seconds": 2}
    )
    started = time.monotonic()
    with pytest.raises(ServerError):
        provider.create(props)
    assert time.monotonic() - started < 10  # the default retry deadline is 120 s
    assert len(emulator.api_requests()) >= 2  # it did retry within the budget
