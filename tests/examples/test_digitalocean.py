"""examples/digitalocean under Pulumi mocks with the real pulumi-digitalocean SDK."""

from __future__ import annotations

from typing import Any

import pytest

from support.mail_mocks import (
    FH_DKIM_SELECTOR,
    FH_SPF,
    SCW_VALIDATION_TOKEN,
    Registration,
    VendorData,
    assert_verification_waits_for,
    of_type,
    run_example,
)

DNS_RECORD = "digitalocean:index/dnsRecord:DnsRecord"


@pytest.fixture(scope="module")
def registered(vendor: VendorData) -> dict[str, Registration]:
    return run_example("digitalocean", {"domain": "example.com"}, vendor)


def _record(name: str, type_: str, value: str, **numbers: int) -> dict[str, Any]:
    common = {"domain": "example.com", "name": name, "type": type_, "ttl": 3600, "value": value}
    return {**common, **numbers}


def _srv(name: str, port: int, target: str) -> dict[str, Any]:
    return _record(name, "SRV", target, priority=0, weight=1, port=port)


def test_every_record_reaches_digitalocean_as_the_api_wants_it(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    records = {name: r.inputs for name, r in of_type(registered, DNS_RECORD).items()}
    assert records == {
        "mailbox-domain-validation": _record(
            "@", "TXT", f"scaleway-mailbox={SCW_VALIDATION_TOKEN}"
        ),
        "mailbox-spf": _record("@", "TXT", "v=spf1 include:spf.mailbox.scw.eu -all"),
        "mailbox-dkim": _record("scw-mbox._domainkey", "TXT", vendor.scaleway_dkim),
        "mailbox-dmarc": _record("_dmarc", "TXT", "v=DMARC1; p=none"),
        "mailbox-mx": _record("@", "MX", "smtp.mailbox.scw.eu.", priority=10),
        "mailbox-autoconfig": _record("autoconfig", "CNAME", "autoconfig.mailbox.scw.eu."),
        "mailbox-autodiscover": _record("autodiscover", "CNAME", "autodiscover.mailbox.scw.eu."),
        "mailbox-imap": _srv("_imaps._tcp", 993, "imap.mailbox.scw.eu."),
        "mailbox-pop3": _srv("_pop3s._tcp", 995, "pop3.mailbox.scw.eu."),
        "mailbox-submission": _srv("_submissions._tcp", 465, "smtp.mailbox.scw.eu."),
        "mailbox-caldav": _srv("_caldavs._tcp", 443, "caldav.mailbox.scw.eu."),
        "mailbox-carddav": _srv("_carddavs._tcp", 443, "carddav.mailbox.scw.eu."),
        "helpdesk-dkim": _record(
            f"{FH_DKIM_SELECTOR}._domainkey.support", "TXT", vendor.fullhelp_dkim
        ),
        "helpdesk-spf": _record("support", "TXT", FH_SPF),
        "helpdesk-return-path": _record("fh-bounces.support", "CNAME", "bounces.fullhelp.com."),
    }


def test_dkim_over_255_bytes_is_one_raw_value(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    value = registered["mailbox-dkim"].inputs["value"]
    assert len(value.encode()) > 255
    assert value == vendor.scaleway_dkim and '"' not in value


def test_validation_waits_for_the_records(registered: dict[str, Registration]) -> None:
    assert_verification_waits_for(registered, DNS_RECORD, mailbox=12, helpdesk=3)
