"""The record-set helpers of ``pulumi_mail_domains.core.record_sets`` that the examples rely on."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from pulumi_mail_domains.core.record_sets import (
    RecordSetKeys,
    group_record_sets,
    merge_record_set,
    record_set,
    unlisted_keys,
)
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS
from support.mail_mocks import MailDomainMocks, VendorData


def _keys(record_sets: tuple[RecordSetKeys, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((s.type, tuple(sorted(s.keys))) for s in record_sets)


@pytest.mark.parametrize("vendor_name", ["scaleway", "fullhelp"])
def test_static_record_sets_match_the_vendors_records(vendor: VendorData, vendor_name: str) -> None:
    """The groups programs declare in advance are the groups the real records form."""
    if vendor_name == "scaleway":
        records, static = (
            vendor.scaleway_records("example.com", "example.com"),
            SCALEWAY_RECORD_SETS,
        )
    else:
        records = vendor.fullhelp_records("support.example.com", "example.com")
        static = FULLHELP_RECORD_SETS
    grouped = group_record_sets(records)
    assert _keys(static) == sorted((g["type"], tuple(sorted(g["keys"]))) for g in grouped)
    assert unlisted_keys({r["key"]: r for r in records}, static) == []


def test_merge_keeps_each_value_and_the_lowest_ttl(vendor: VendorData) -> None:
    records = {r["key"]: r for r in vendor.scaleway_records("example.com", "example.com")}
    spf = {**records["spf"], "ttl": 300.0}
    merged = merge_record_set([records["domain_validation"], spf])
    assert merged["keys"] == ["domain_validation", "spf"]
    assert (merged["name"], merged["fqdn"], merged["type"], merged["ttl"]) == (
        "@",
        "example.com",
        "TXT",
        300,
    )
    assert merged["contents"] == [records["domain_validation"]["content"], spf["content"]]
    assert merged["values"] == [records["domain_validation"]["value"], spf["value"]]


def test_merge_refuses_records_of_different_sets(vendor: VendorData) -> None:
    records = {r["key"]: r for r in vendor.scaleway_records("example.com", "example.com")}
    with pytest.raises(ValueError, match=r"'spf' .* and 'mx' .* are not one record set"):
        merge_record_set([records["spf"], records["mx"]])
    with pytest.raises(ValueError, match="at least one record"):
        merge_record_set([])


def test_unlisted_keys_names_records_a_program_would_leave_out(vendor: VendorData) -> None:
    records: dict[str, Any] = {r["key"]: r for r in vendor.fullhelp_records("a.test", "a.test")}
    records["dkim_2"] = records["dkim"]
    assert unlisted_keys(records, FULLHELP_RECORD_SETS) == ["dkim_2"]


def _resolve(output: pulumi.Output[Any], vendor: VendorData) -> Any:
    pulumi.runtime.set_mocks(MailDomainMocks(vendor), preview=False)
    result: list[Any] = []

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def run() -> pulumi.Output[Any]:
        return output.apply(result.append)

    run()
    return result[0]


def test_record_set_works_on_the_records_output(vendor: VendorData) -> None:
    records = {r["key"]: r for r in vendor.scaleway_records("example.com", "example.com")}
    merged = _resolve(
        record_set(pulumi.Output.from_input(records), SCALEWAY_RECORD_SETS[0]), vendor
    )
    assert merged["keys"] == ["domain_validation", "spf"] and merged["name"] == "@"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (RecordSetKeys("TXT", ("spf", "dkim")), "are not one record set"),
        (RecordSetKeys("TXT", ("mx",)), "are MX records, not TXT"),
        (RecordSetKeys("TXT", ("spf", "bimi")), "has no record 'bimi'"),
    ],
)
def test_record_set_fails_rather_than_publish_a_wrong_set(
    vendor: VendorData, keys: RecordSetKeys, message: str
) -> None:
    records = {r["key"]: r for r in vendor.scaleway_records("example.com", "example.com")}
    with pytest.raises(ValueError, match=message):
        _resolve(record_set(pulumi.Output.from_input(records), keys), vendor)
