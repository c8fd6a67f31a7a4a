"""examples/gcp-clouddns under Pulumi mocks with the real pulumi-gcp SDK."""

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

RECORD_SET = "gcp:dns/recordSet:RecordSet"
MANAGED_ZONE = "example-com"


@pytest.fixture(scope="module")
def registered(vendor: VendorData) -> dict[str, Registration]:
    config = {"domain": "example.com", "managedZone": MANAGED_ZONE}
    return run_example("gcp-clouddns", config, vendor)


def _rrset(name: str, type_: str, *rrdatas: str) -> dict[str, Any]:
    return {
        "managedZone": MANAGED_ZONE,
        "name": name,
        "type": type_,
        "ttl": 3600,
        "rrdatas": list(rrdatas),
    }


def _quoted(text: str) -> str:
    return " ".join(f'"{chunk}"' for chunk in chunks(text))


def test_one_record_set_per_name_and_type(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    rrsets = {name: r.inputs for name, r in of_type(registered, RECORD_SET).items()}
    assert rrsets == {
        "mailbox-domain-validation-spf": _rrset(
            "example.com.",
            "TXT",
            f'"scaleway-mailbox={SCW_VALIDATION_TOKEN}"',
            '"v=spf1 include:spf.mailbox.scw.eu -all"',
        ),
        "mailbox-dkim": _rrset(
            "scw-mbox._domainkey.example.com.", "TXT", _quoted(vendor.scaleway_dkim)
        ),
        "mailbox-dmarc": _rrset("_dmarc.example.com.", "TXT", '"v=DMARC1; p=none"'),
        "mailbox-mx": _rrset("example.com.", "MX", "10 smtp.mailbox.scw.eu."),
        "mailbox-autoconfig": _rrset(
            "autoconfig.example.com.", "CNAME", "autoconfig.mailbox.scw.eu."
        ),
        "mailbox-autodiscover": _rrset(
            "autodiscover.example.com.", "CNAME", "autodiscover.mailbox.scw.eu."
        ),
        "mailbox-imap": _rrset("_imaps._tcp.example.com.", "SRV", "0 1 993 imap.mailbox.scw.eu."),
        "mailbox-pop3": _rrset("_pop3s._tcp.example.com.", "SRV", "0 1 995 pop3.mailbox.scw.eu."),
        "mailbox-submission": _rrset(
            "_submissions._tcp.example.com.", "SRV", "0 1 465 smtp.mailbox.scw.eu."
        ),
        "mailbox-caldav": _rrset(
            "_caldavs._tcp.example.com.", "SRV", "0 1 443 caldav.mailbox.scw.eu."
        ),
        "mailbox-carddav": _rrset(
            "_carddavs._tcp.example.com.", "SRV", "0 1 443 carddav.mailbox.scw.eu."
        ),
        "helpdesk-dkim": _rrset(
            f"{FH_DKIM_SELECTOR}._domainkey.support.example.com.",
            "TXT",
            _quoted(vendor.fullhelp_dkim),
        ),
        "helpdesk-spf": _rrset("support.example.com.", "TXT", f'"{FH_SPF}"'),
        "helpdesk-return-path": _rrset(
            "fh-bounces.support.example.com.", "CNAME", "bounces.fullhelp.com."
        ),
    }


def test_dkim_over_255_bytes_is_two_quoted_strings(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    [rrdata] = registered["mailbox-dkim"].inputs["rrdatas"]
    strings = txt_strings(rrdata)
    assert len(vendor.scaleway_dkim.encode()) > 255
    assert len(strings) == 2 and all(len(s.encode()) <= 255 for s in strings)
    assert "".join(strings) == vendor.scaleway_dkim


def test_validation_waits_for_the_records(registered: dict[str, Registration]) -> None:
    assert_verification_waits_for(registered, RECORD_SET, mailbox=11, helpdesk=3)
