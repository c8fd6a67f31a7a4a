"""examples/aws-route53 under Pulumi mocks with the real pulumi-aws SDK."""

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
    chunks,
    of_type,
    run_example,
    txt_strings,
)

RECORD = "aws:route53/record:Record"
ZONE_ID = "Z0123456789ABCDEFGHIJ"


@pytest.fixture(scope="module")
def registered(vendor: VendorData) -> dict[str, Registration]:
    return run_example("aws-route53", {"domain": "example.com", "zoneId": ZONE_ID}, vendor)


def _rrset(name: str, type_: str, *records: str) -> dict[str, Any]:
    return {"zoneId": ZONE_ID, "name": name, "type": type_, "ttl": 3600, "records": list(records)}


def _dkim(text: str) -> str:
    """A long TXT value as pulumi-aws takes it: the quoted strings without the outer quotes."""
    return '" "'.join(chunks(text))


def test_one_rrset_per_name_and_type(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    rrsets = {name: r.inputs for name, r in of_type(registered, RECORD).items()}
    assert rrsets == {
        # SPF and the ownership token are both TXT at the apex: one RRset with both strings.
        "mailbox-domain-validation-spf": _rrset(
            "example.com",
            "TXT",
            f"scaleway-mailbox={SCW_VALIDATION_TOKEN}",
            "v=spf1 include:spf.mailbox.scw.eu -all",
        ),
        "mailbox-dkim": _rrset(
            "scw-mbox._domainkey.example.com", "TXT", _dkim(vendor.scaleway_dkim)
        ),
        "mailbox-dmarc": _rrset("_dmarc.example.com", "TXT", "v=DMARC1; p=none"),
        "mailbox-mx": _rrset("example.com", "MX", "10 smtp.mailbox.scw.eu."),
        "mailbox-autoconfig": _rrset(
            "autoconfig.example.com", "CNAME", "autoconfig.mailbox.scw.eu."
        ),
        "mailbox-autodiscover": _rrset(
            "autodiscover.example.com", "CNAME", "autodiscover.mailbox.scw.eu."
        ),
        "mailbox-imap": _rrset("_imaps._tcp.example.com", "SRV", "0 1 993 imap.mailbox.scw.eu."),
        "mailbox-pop3": _rrset("_pop3s._tcp.example.com", "SRV", "0 1 995 pop3.mailbox.scw.eu."),
        "mailbox-submission": _rrset(
            "_submissions._tcp.example.com", "SRV", "0 1 465 smtp.mailbox.scw.eu."
        ),
        "mailbox-caldav": _rrset(
            "_caldavs._tcp.example.com", "SRV", "0 1 443 caldav.mailbox.scw.eu."
        ),
        "mailbox-carddav": _rrset(
            "_carddavs._tcp.example.com", "SRV", "0 1 443 carddav.mailbox.scw.eu."
        ),
        "helpdesk-dkim": _rrset(
            f"{FH_DKIM_SELECTOR}._domainkey.support.example.com", "TXT", _dkim(vendor.fullhelp_dkim)
        ),
        "helpdesk-spf": _rrset("support.example.com", "TXT", FH_SPF),
        "helpdesk-return-path": _rrset(
            "fh-bounces.support.example.com", "CNAME", "bounces.fullhelp.com."
        ),
    }


@pytest.mark.parametrize(
    ("resource", "text"),
    [("mailbox-dkim", "scaleway_dkim"), ("helpdesk-dkim", "fullhelp_dkim")],
)
def test_dkim_over_255_bytes_reaches_route53_as_two_strings(
    registered: dict[str, Registration], vendor: VendorData, resource: str, text: str
) -> None:
    dkim = getattr(vendor, text)
    [value] = registered[resource].inputs["records"]
    # pulumi-aws sends each TXT value to Route53 wrapped in one pair of quotes.
    wire = f'"{value}"'
    strings = txt_strings(wire)
    assert len(dkim.encode()) > 255
    assert len(strings) == 2 and all(len(s.encode()) <= 255 for s in strings)
    assert "".join(strings) == dkim


def test_apex_txt_values_reach_route53_as_single_strings(
    registered: dict[str, Registration],
) -> None:
    values = registered["mailbox-domain-validation-spf"].inputs["records"]
    assert [txt_strings(f'"{v}"') for v in values] == [
        [f"scaleway-mailbox={SCW_VALIDATION_TOKEN}"],
        ["v=spf1 include:spf.mailbox.scw.eu -all"],
    ]


def test_validation_waits_for_the_records(registered: dict[str, Registration]) -> None:
    assert_verification_waits_for(registered, RECORD, mailbox=11, helpdesk=3)


def test_one_spf_record_when_both_domains_share_the_name(vendor: VendorData) -> None:
    """With the help desk on the apex too, the two SPF records become one (merged_record_sets)."""
    config = {"domain": "example.com", "zoneId": ZONE_ID, "helpdeskDomain": "example.com"}
    registered = run_example("aws-route53", config, vendor)
    rrsets = {name: r.inputs for name, r in of_type(registered, RECORD).items()}
    assert "helpdesk-spf" not in rrsets
    assert rrsets["mailbox-domain-validation-spf"] == _rrset(
        "example.com",
        "TXT",
        f"scaleway-mailbox={SCW_VALIDATION_TOKEN}",
        "v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com -all",
    )
    apex = registered["mailbox-domain-validation-spf"].urn
    assert apex in registered["mailbox-validation"].dependencies
    assert apex in registered["helpdesk-verification"].dependencies
