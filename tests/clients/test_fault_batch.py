"""Both clients under the emulator's fault knobs: errors, resets, lost responses, rate limit.

Four threads share one client (the provider runs up to four operations at once). A batch of 50
creates must end with exactly 50 domains, each create returning the domain the server kept,
with no exception escaping, even though some creates commit and then lose their response.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

BATCH = 50
FAULTS: dict[str, Any] = {
    "error_rate": 0.3,
    "error_statuses": [500, 502, 503, 504],
    "reset_rate": 0.1,
    "lost_response_rate": 0.1,
    "rate_limit_per_second": 20,
}
# Enough attempts that ~45% failing requests practically never exhaust them; short delays.
PATIENT = RetryPolicy(max_attempts=15, base_delay=0.005, max_delay=0.1, deadline_seconds=60)


def run_batch(create: Callable[[str], tuple[str, str]]) -> dict[str, str]:
    """Create the batch on four threads; name → id as each create returned it."""
    names = [f"batch-{n:02d}.example" for n in range(BATCH)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(create, names))


def assert_faults_were_met(emulator: Emulator) -> None:
    faults = Counter(r["fault"] for r in emulator.api_requests())
    for kind in ("error", "reset", "lost_response", "rate_limited"):
        assert faults[kind] > 0, f"no {kind} fault was injected: {faults}"
    lost_creates = [
        r for r in emulator.write_requests() if r["fault"] == "lost_response" and r["status"] < 300
    ]
    assert lost_creates, "no create committed and then lost its response"


def test_scaleway_batch_under_faults(emulator: Emulator) -> None:
    emulator.faults(**FAULTS)
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=PATIENT
    ) as client:
        created = run_batch(lambda name: (name, client.create_domain(name).id))
        listed = list(client.list_all(page_size=7))

    assert len(listed) == BATCH
    assert {d.name: d.id for d in listed} == created
    assert_faults_were_met(emulator)
    emulator.faults()
    with ScalewayMailboxClient(SCW_TOKEN, api_url=emulator.url) as clean:
        assert clean.list_domains(page_size=1000).total_count == BATCH


def test_fullhelp_batch_under_faults(emulator: Emulator) -> None:
    emulator.faults(**FAULTS)
    with FullHelpClient(
        FH_TOKEN, base_url=emulator.url, default_account_id=FH_ACCOUNT, retry=PATIENT
    ) as client:
        created = run_batch(lambda name: (name, str(client.create_domain(None, name).id)))
        listed = list(client.list_all(None, per_page=7))
        assert len(listed) == BATCH
        assert {d.domain: str(d.id) for d in listed} == created
        # Deletes under the same faults: a retried DELETE that meets 404 is success.
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda d: client.delete_domain(None, d.id), listed))

    assert_faults_were_met(emulator)
    emulator.faults()
    with FullHelpClient(FH_TOKEN, base_url=emulator.url) as clean:
        assert clean.list_domains(FH_ACCOUNT).data == []
