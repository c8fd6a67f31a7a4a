"""native.wire: camelCase property values ↔ snake_case core values, by the resource specs."""

from __future__ import annotations

from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from pulumi_mail_domains.dns.spec import RECORD_SET
from pulumi_mail_domains.fullhelp.spec import DOMAIN, DOMAIN_VERIFICATION
from pulumi_mail_domains.native.wire import UNKNOWN, from_wire, to_wire
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN

PV = PropertyValue

RECORD = {
    "key": "domain_validation",
    "label": "domain_validation",
    "level": "required",
    "type": "TXT",
    "fqdn": "example.test",
    "name": "@",
    "zone": "example.test",
    "value": "scaleway-mailbox=abc",
    "priority": None,
    "weight": None,
    "port": None,
    "ttl": 3600,
    "content": '"scaleway-mailbox=abc"',
    "txt_chunks": ["scaleway-mailbox=abc"],
    "verified": False,
    "status": "pending",
    "error": None,
}


def _plain(value: PropertyValue) -> Any:
    """A PropertyValue as plain Python, to compare whole trees at once."""
    raw = value.value
    if isinstance(raw, tuple):
        return [_plain(v) for v in raw]
    if isinstance(raw, dict) or hasattr(raw, "items"):
        return {k: _plain(v) for k, v in raw.items()}  # type: ignore[union-attr]
    return raw


def test_top_level_names_become_snake_case_and_back() -> None:
    wire = {"name": PV("example.test"), "projectId": PV("p"), "adoptExisting": PV(True)}
    core = from_wire(MAILBOX_DOMAIN, wire)
    assert core == {"name": "example.test", "project_id": "p", "adopt_existing": True}
    assert to_wire(MAILBOX_DOMAIN, core) == wire


def test_nested_records_translate_fields_but_keep_map_keys() -> None:
    outputs = {"records": {"domain_validation": RECORD}, "dns_records": [RECORD], "zone_file": "z"}
    wire = to_wire(MAILBOX_DOMAIN, outputs)
    assert set(wire) == {"records", "dnsRecords", "zoneFile"}
    records = _plain(wire["records"])
    assert set(records) == {"domain_validation"}, "a map key is data, not a property name"
    record = records["domain_validation"]
    assert record["txtChunks"] == ["scaleway-mailbox=abc"]
    assert "txt_chunks" not in record
    # None fields are dropped on the wire, and read back as absent.
    assert not {"priority", "weight", "port", "error"} & set(record)
    back = from_wire(MAILBOX_DOMAIN, wire)
    expected = {k: v for k, v in RECORD.items() if v is not None}
    assert back["records"] == {"domain_validation": expected}
    assert back["dns_records"] == [expected]


def test_integers_travel_as_floats_and_come_back_as_ints() -> None:
    wire = to_wire(DOMAIN, {"account_id": 7, "domain": "d.example.test"})
    assert wire["accountId"] == PV(7.0)
    assert isinstance(wire["accountId"].value, float)
    back = from_wire(DOMAIN, wire)
    assert back["account_id"] == 7 and type(back["account_id"]) is int
    ttl = from_wire(RECORD_SET, {"ttl": PV(300.0)})["ttl"]
    assert ttl == 300 and type(ttl) is int
    nested = from_wire(MAILBOX_DOMAIN, to_wire(MAILBOX_DOMAIN, {"dns_records": [RECORD]}))
    assert type(nested["dns_records"][0]["ttl"]) is int


def test_numbers_stay_floats_and_fractions_are_kept() -> None:
    timeout = from_wire(DOMAIN_VERIFICATION, {"timeoutSeconds": PV(120.0)})["timeout_seconds"]
    assert timeout == 120.0 and type(timeout) is float
    fraction = from_wire(RECORD_SET, {"ttl": PV(1.5)})["ttl"]
    assert fraction == 1.5, "a non-integral value must reach the core's check unchanged"


def test_unknowns_become_the_sentinel_and_go_out_as_it() -> None:
    core = from_wire(MAILBOX_DOMAIN, {"name": PV(Computed()), "zone": PV("z")})
    assert core == {"name": UNKNOWN, "zone": "z"}
    nested = from_wire(RECORD_SET, {"values": PV([PV("a"), PV(Computed())])})
    assert nested["values"] == ["a", UNKNOWN]
    assert to_wire(MAILBOX_DOMAIN, {"status": UNKNOWN}) == {"status": PV(UNKNOWN)}


def test_names_the_spec_does_not_know_are_kept_for_check_to_reject() -> None:
    core = from_wire(MAILBOX_DOMAIN, {"projectID": PV("x"), "bogus": PV(2.0)})
    assert core == {"projectID": "x", "bogus": 2}


def test_lists_of_strings_and_booleans() -> None:
    wire = {"values": PV([PV('"a"'), PV('"b"')]), "tsigKeyName": PV("k.")}
    core = from_wire(RECORD_SET, wire)
    assert core == {"values": ['"a"', '"b"'], "tsig_key_name": "k."}
    assert to_wire(RECORD_SET, core) == wire
    assert to_wire(MAILBOX_DOMAIN, {"force_destroy": False}) == {"forceDestroy": PV(False)}
