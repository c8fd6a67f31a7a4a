"""A fleet of Scaleway domains through the native plugin under the emulator's per-token limit.

Sixty domains with their validations are created by one ``pulumi up`` while the emulator allows
20 requests per second per token: the plugin's one rate limiter (learning the limit from the
headers) keeps the refused share under 1 %, and the shared listing keeps the requests per domain
near the floor of the design (find by name, create, records; one GET, one validate-records and
one last GET for the validation; plus a share of the listings).
"""

from __future__ import annotations

from collections import Counter

from support.emulator import Emulator
from support.native import CliStackFactory

DOMAINS = 60
RATE = 20
# Per domain and its validation: ListDomains by name, POST, GET records; GET, validate-records,
# the GET of the ready domain; the shared listings' share on top.
FLOOR_PER_DOMAIN = 6
MOST_PER_DOMAIN = 8.0


def fleet_program() -> dict[str, object]:
    resources: dict[str, object] = {}
    for n in range(DOMAINS):
        resources[f"d{n:02d}"] = {
            "type": "mail-domains:scaleway:MailboxDomain",
            "properties": {"name": f"fleet-{n:02d}.example.test"},
        }
        resources[f"v{n:02d}"] = {
            "type": "mail-domains:scaleway:MailboxDomainValidation",
            "properties": {"domainId": f"${{d{n:02d}.id}}", "timeoutSeconds": 120},
        }
    return {"name": "native-fleet", "resources": resources}


def test_sixty_domains_stay_under_the_rate_limit_with_few_requests_each(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    stack = cli_stack(fleet_program())
    emu.faults(rate_limit_per_second=RATE)
    try:
        stack.run("up", "--yes", "--skip-preview", "--parallel", "64")
        requests = emu.api_requests()
    finally:
        emu.faults()
    statuses = Counter(r["status"] for r in requests)
    refused = statuses[429]
    per_domain = len(requests) / DOMAINS
    listings = sum(1 for r in requests if r["path"].endswith("/domains") and r["method"] == "GET")
    print(
        f"\n{len(requests)} requests for {DOMAINS} domains: {per_domain:.2f} per domain, "
        f"{refused} answered 429 ({refused / len(requests):.2%}), {listings} listings"
    )
    assert refused < 0.01 * len(requests), statuses
    assert FLOOR_PER_DOMAIN <= per_domain <= MOST_PER_DOMAIN, per_domain
    assert len(stack.resources("mail-domains:scaleway:MailboxDomainValidation")) == DOMAINS
