"""A fleet through the Python dynamic provider under the emulator's per-token limit.

The dynamic-provider host serves every dynamic resource of a program from one process, so its
resources share one rate limiter per credential and one listing of the waiting domains, as the
native plugin's do.
"""

from __future__ import annotations

from collections import Counter

from pulumi_mail_domains import scaleway
from support.emulator import Emulator
from support.engine import StackFactory

DOMAINS = 30
RATE = 10
# Per domain: ListDomains by name, POST, GET records; the shared listings' share on top.
FLOOR_PER_DOMAIN = 3
MOST_PER_DOMAIN = 4.0


def fleet() -> None:
    for n in range(DOMAINS):
        scaleway.MailboxDomain(f"d{n:02d}", name=f"dyn-fleet-{n:02d}.example.test")


def test_a_dynamic_fleet_stays_under_the_rate_limit(
    make_stack: StackFactory, emu: Emulator
) -> None:
    stack = make_stack(fleet)
    emu.faults(rate_limit_per_second=RATE)
    try:
        stack.up()
        requests = emu.api_requests()
    finally:
        emu.faults()
    statuses = Counter(r["status"] for r in requests)
    per_domain = len(requests) / DOMAINS
    print(f"\n{len(requests)} requests, {per_domain:.2f} per domain, {statuses[429]} answered 429")
    assert statuses[429] < 0.01 * len(requests), statuses
    assert FLOOR_PER_DOMAIN <= per_domain <= MOST_PER_DOMAIN, per_domain
