"""examples/cloudflare under Pulumi mocks with the real pulumi-cloudflare SDK."""

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

DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord"
ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"


@pytest.fixture(scope="module")
def registered(vendor: VendorData) -> dict[str, Registration]:
    return run_example("cloudflare", {"domain": "example.com", "zoneId": ZONE_ID}, vendor)


def _record(name: str, type_: str, **fields: Any) -> dict[str, Any]:
    return {"zoneId": ZONE_ID, "name": name, "type": type_, "ttl": 3600, **fields}


def _txt(name: str, text: str) -> dict[str, Any]:
    return _record(name, "TXT", content=text, proxied=False)


def _srv(name: str, port: int, target: str) -> dict[str, Any]:
    data = {"priority": 0, "weight": 1, "port": port, "target": target}
    return _record(name, "SRV", priority=0, data=data)


def test_every_record_reaches_cloudflare_as_the_api_wants_it(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    records = {name: r.inputs for name, r in of_type(registered, DNS_RECORD).items()}
    assert records == {
        "mailbox-domain-validation": _txt(
            "example.com", f"scaleway-mailbox={SCW_VALIDATION_TOKEN}"
        ),
        "mailbox-spf": _txt("example.com", "v=spf1 include:spf.mailbox.scw.eu -all"),
        "mailbox-dkim": _txt("scw-mbox._domainkey.example.com", vendor.scaleway_dkim),
        "mailbox-dmarc": _txt("_dmarc.example.com", "v=DMARC1; p=none"),
        "mailbox-mx": _record("example.com", "MX", content="smtp.mailbox.scw.eu", priority=10),
        "mailbox-autoconfig": _record(
            "autoconfig.example.com", "CNAME", content="autoconfig.mailbox.scw.eu", proxied=False
        ),
        "mailbox-autodiscover": _record(
            "autodiscover.example.com",
            "CNAME",
            content="autodiscover.mailbox.scw.eu",
            proxied=False,
        ),
        "mailbox-imap": _srv("_imaps._tcp.example.com", 993, "imap.mailbox.scw.eu"),
        "mailbox-pop3": _srv("_pop3s._tcp.example.com", 995, "pop3.mailbox.scw.eu"),
        "mailbox-submission": _srv("_submissions._tcp.example.com", 465, "smtp.mailbox.scw.eu"),
        "mailbox-caldav": _srv("_caldavs._tcp.example.com", 443, "caldav.mailbox.scw.eu"),
        "mailbox-carddav": _srv("_carddavs._tcp.example.com", 443, "carddav.mailbox.scw.eu"),
        "helpdesk-dkim": _txt(
            f"{FH_DKIM_SELECTOR}._domainkey.support.example.com", vendor.fullhelp_dkim
        ),
        "helpdesk-spf": _txt("support.example.com", FH_SPF),
        "helpdesk-return-path": _record(
            "fh-bounces.support.example.com", "CNAME", content="bounces.fullhelp.com", proxied=False
        ),
    }


def test_dkim_over_255_bytes_is_one_raw_string(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    content = registered["mailbox-dkim"].inputs["content"]
    assert len(content.encode()) > 255
    assert content == vendor.scaleway_dkim  # unquoted, unsplit: Cloudflare splits it itself
    assert '"' not in content


def test_validation_waits_for_the_records(registered: dict[str, Registration]) -> None:
    assert_verification_waits_for(registered, DNS_RECORD, mailbox=12, helpdesk=3)
