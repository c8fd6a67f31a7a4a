"""merged_record_sets on the domains' records outputs, under Pulumi mocks (no engine needed).

The records are the vendors' own, shaped by the behaviours' code (support.mail_mocks); the
end-to-end tests run the same helper through the engine and BIND9.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.dns.sender_policy import SpfError
from pulumi_mail_domains.dns.sender_record_sets import (
    DomainRecords,
    MergedRecordSet,
    merged_record_sets,
)
from support.mail_mocks import MailDomainMocks, VendorData, dkim_public_key

NAME = "example.com"


@pytest.fixture(scope="module")
def vendor() -> VendorData:
    return VendorData(scaleway_dkim_key=dkim_public_key(), fullhelp_dkim_key=dkim_public_key())


def resolved(vendor: VendorData, merged: list[MergedRecordSet]) -> dict[str, Any]:
    """Each record set's value, by resource name."""
    pulumi.runtime.set_mocks(MailDomainMocks(vendor), preview=False)
    result: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def run() -> pulumi.Output[Any]:
        outputs = {m.resource_name: m.record_set for m in merged}
        return pulumi.Output.all(**outputs).apply(result.update)

    run()
    return result


def domains(vendor: VendorData, helpdesk_name: str = NAME) -> list[DomainRecords]:
    scaleway = {r["key"]: r for r in vendor.scaleway_records(NAME, NAME)}
    fullhelp = {r["key"]: r for r in vendor.fullhelp_records(helpdesk_name, NAME)}
    return [
        DomainRecords("mailbox", "scaleway", NAME, scaleway),
        DomainRecords("helpdesk", "fullhelp", helpdesk_name, fullhelp),
    ]


def test_a_shared_name_gets_one_apex_txt_set_serving_both(vendor: VendorData) -> None:
    merged = merged_record_sets(domains(vendor), spf={NAME: ["ip4:192.0.2.0/24"]})
    names = [m.resource_name for m in merged]
    assert "helpdesk-spf" not in names
    assert len(names) == 11 + 2  # Scaleway's 11 record sets, FullHelp's DKIM and Return-Path
    apex = next(m for m in merged if m.resource_name == "mailbox-domain-validation-spf")
    assert (apex.fqdn, apex.keys, apex.serves) == (
        NAME,
        ("domain_validation", "spf"),
        ("mailbox", "helpdesk"),
    )
    value = resolved(vendor, merged)["mailbox-domain-validation-spf"]
    assert [r["key"] for r in value["records"]] == list(apex.keys)
    assert value["values"][1] == (
        "v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:192.0.2.0/24 -all"
    )
    assert value["contents"][1] == f'"{value["values"][1]}"'
    assert value["name"] == "@" and value["type"] == "TXT"


def test_distinct_names_keep_every_vendor_record_set(vendor: VendorData) -> None:
    merged = merged_record_sets(domains(vendor, f"support.{NAME}"))
    values = resolved(vendor, merged)
    assert values["helpdesk-spf"]["values"] == ["v=spf1 include:spf.fullhelp.com ~all"]
    assert values["helpdesk-spf"]["name"] == "support"
    assert values["mailbox-domain-validation-spf"]["values"][1] == (
        "v=spf1 include:spf.mailbox.scw.eu -all"
    )
    assert all(m.serves == (m.resource_name.split("-")[0],) for m in merged)


def test_your_dmarc_where_no_vendor_puts_one(vendor: VendorData) -> None:
    helpdesk = domains(vendor, f"support.{NAME}")[1]
    record = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
    merged = merged_record_sets([helpdesk], dmarc={f"support.{NAME}": record})
    dmarc = next(m for m in merged if m.resource_name == "helpdesk-dmarc")
    assert (dmarc.fqdn, dmarc.keys, dmarc.serves) == (
        f"_dmarc.support.{NAME}",
        ("dmarc",),
        ("helpdesk",),
    )
    value = resolved(vendor, merged)["helpdesk-dmarc"]
    assert (value["fqdn"], value["name"], value["zone"]) == (
        f"_dmarc.support.{NAME}",
        "_dmarc.support",
        NAME,
    )
    assert value["values"] == [record]


def test_a_bad_merge_raises_at_program_time(vendor: VendorData) -> None:
    with pytest.raises(SpfError, match="needs 11 DNS lookups"):
        merged_record_sets(domains(vendor), spf={NAME: [f"a:h{i}.example" for i in range(9)]})


def test_the_records_returned_are_merged_and_checked_again(vendor: VendorData) -> None:
    mailbox, helpdesk = domains(vendor)
    assert isinstance(helpdesk.records, dict)  # domains() passes the records as plain values
    changed = dict(helpdesk.records)
    changed["spf"] = {**changed["spf"], "value": "v=spf1 include:_spf.fullhelp.net ~all"}
    merged = merged_record_sets([mailbox, DomainRecords("helpdesk", "fullhelp", NAME, changed)])
    values = resolved(vendor, merged)["mailbox-domain-validation-spf"]["values"]
    assert values[1] == "v=spf1 include:spf.mailbox.scw.eu include:_spf.fullhelp.net -all"
    broken = {k: v for k, v in helpdesk.records.items() if k != "dkim"}
    with pytest.raises(InvalidValueError, match="has no record 'dkim'"):
        resolved(
            vendor,
            merged_record_sets([mailbox, DomainRecords("helpdesk", "fullhelp", NAME, broken)]),
        )
