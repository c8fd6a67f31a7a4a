"""examples/azure-dns under Pulumi mocks with the real pulumi-azure SDK."""

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
    run_example,
)

TXT = "azure:dns/txtRecord:TxtRecord"
MX = "azure:dns/mxRecord:MxRecord"
SRV = "azure:dns/srvRecord:SrvRecord"
CNAME = "azure:dns/cNameRecord:CNameRecord"
GROUP = "rg-dns"


@pytest.fixture(scope="module")
def registered(vendor: VendorData) -> dict[str, Registration]:
    config = {"domain": "example.com", "resourceGroupName": GROUP}
    return run_example("azure-dns", config, vendor)


def _set(type_: str, name: str, **fields: Any) -> tuple[str, dict[str, Any]]:
    common = {"zoneName": "example.com", "resourceGroupName": GROUP, "name": name, "ttl": 3600}
    return type_, {**common, **fields}


def _txt(name: str, *texts: str) -> tuple[str, dict[str, Any]]:
    return _set(TXT, name, records=[{"value": text} for text in texts])


def _srv(name: str, port: int, target: str) -> tuple[str, dict[str, Any]]:
    record = {"priority": 0, "weight": 1, "port": port, "target": target}
    return _set(SRV, name, records=[record])


def test_one_record_set_per_name_and_type(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    dns = {n: (r.type, r.inputs) for n, r in registered.items() if r.type.startswith("azure:dns/")}
    assert dns == {
        "mailbox-domain-validation-spf": _txt(
            "@",
            f"scaleway-mailbox={SCW_VALIDATION_TOKEN}",
            "v=spf1 include:spf.mailbox.scw.eu -all",
        ),
        "mailbox-dkim": _txt("scw-mbox._domainkey", vendor.scaleway_dkim),
        "mailbox-dmarc": _txt("_dmarc", "v=DMARC1; p=none"),
        "mailbox-mx": _set(
            MX, "@", records=[{"preference": "10", "exchange": "smtp.mailbox.scw.eu"}]
        ),
        "mailbox-autoconfig": _set(CNAME, "autoconfig", record="autoconfig.mailbox.scw.eu"),
        "mailbox-autodiscover": _set(CNAME, "autodiscover", record="autodiscover.mailbox.scw.eu"),
        "mailbox-imap": _srv("_imaps._tcp", 993, "imap.mailbox.scw.eu"),
        "mailbox-pop3": _srv("_pop3s._tcp", 995, "pop3.mailbox.scw.eu"),
        "mailbox-submission": _srv("_submissions._tcp", 465, "smtp.mailbox.scw.eu"),
        "mailbox-caldav": _srv("_caldavs._tcp", 443, "caldav.mailbox.scw.eu"),
        "mailbox-carddav": _srv("_carddavs._tcp", 443, "carddav.mailbox.scw.eu"),
        "helpdesk-dkim": _txt(f"{FH_DKIM_SELECTOR}._domainkey.support", vendor.fullhelp_dkim),
        "helpdesk-spf": _txt("support", FH_SPF),
        "helpdesk-return-path": _set(CNAME, "fh-bounces.support", record="bounces.fullhelp.com"),
    }


def test_dkim_over_255_bytes_is_one_raw_value(
    registered: dict[str, Registration], vendor: VendorData
) -> None:
    [record] = registered["mailbox-dkim"].inputs["records"]
    assert len(record["value"].encode()) > 255
    assert record["value"] == vendor.scaleway_dkim  # the provider splits it into strings


def test_validation_waits_for_the_records(registered: dict[str, Registration]) -> None:
    for type_, count in ((TXT, (3, 2)), (MX, (1, 0)), (SRV, (5, 0)), (CNAME, (2, 1))):
        assert_verification_waits_for(registered, type_, *count)
