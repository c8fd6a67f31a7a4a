"""Helpers for engine tests of the mail-domain resources: API clients, shape checks, secrets."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.fullhelp.models import Domain as FhDomain
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.models import Domain as ScwDomain
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

TOKENS = (SCW_TOKEN, FH_TOKEN)
"""Credentials that must never appear in state, outputs or engine logs."""

SCALEWAY_KEYS = frozenset(
    {
        "dkim",
        "spf",
        "mx",
        "dmarc",
        "domain_validation",
        "autoconfig",
        "autodiscover",
        "imap",
        "pop3",
        "submission",
        "caldav",
        "carddav",
    }
)
SCALEWAY_REQUIRED = ("domain_validation", "spf", "dkim", "dmarc", "mx")
FULLHELP_KEYS = frozenset({"dkim", "spf", "return_path"})

RECORD_FIELDS: dict[str, type | tuple[type, ...]] = {
    "key": str,
    "label": str,
    "level": str,
    "type": str,
    "fqdn": str,
    "name": str,
    "zone": str,
    "value": str,
    "priority": (int, type(None)),
    "weight": (int, type(None)),
    "port": (int, type(None)),
    "ttl": int,
    "content": str,
    "txt_chunks": (list, type(None)),
    "verified": bool,
    "status": str,
    "error": (str, type(None)),
}
LEVELS = ("required", "recommended", "optional")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unique_label(prefix: str) -> str:
    """A fresh DNS label, so tests sharing the session's BIND never collide."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


# --- the emulator seen through the package's own clients ----------------------------------


def scaleway_api(emu: Emulator) -> ScalewayMailboxClient:
    return ScalewayMailboxClient(SCW_TOKEN, api_url=emu.url, default_project_id=SCW_PROJECT)


def fullhelp_api(emu: Emulator) -> FullHelpClient:
    return FullHelpClient(FH_TOKEN, base_url=emu.url, default_account_id=FH_ACCOUNT)


def scaleway_domains(emu: Emulator) -> list[ScwDomain]:
    with scaleway_api(emu) as api:
        return list(api.list_all(project_id=SCW_PROJECT))


def fullhelp_domains(emu: Emulator) -> list[FhDomain]:
    with fullhelp_api(emu) as api:
        return list(api.list_all(FH_ACCOUNT))


def writes_since(emu: Emulator, before: int) -> list[dict[str, Any]]:
    """API calls that could change state, logged after the first ``before`` entries."""
    return [r for r in emu.api_requests()[before:] if r["method"] not in ("GET", "HEAD")]


# --- record shapes -------------------------------------------------------------------------


def number(value: Any) -> Any:
    """Outputs come back through JSON: whole floats are ints for the shape checks."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_record_shape(record: Mapping[str, Any], zone: str) -> None:
    """Every DnsRecord field is present with its type and the documented invariants hold."""
    assert set(record) == set(RECORD_FIELDS), sorted(set(record) ^ set(RECORD_FIELDS))
    for field, types in RECORD_FIELDS.items():
        value = number(record[field])
        assert isinstance(value, types), (record["key"], field, value)
        if types is int:
            assert not isinstance(value, bool), (record["key"], field)
    fqdn, name, rtype = record["fqdn"], record["name"], record["type"]
    assert record["zone"] == zone
    assert not fqdn.endswith(".") and fqdn == fqdn.lower()
    assert fqdn == zone or fqdn.endswith("." + zone), (fqdn, zone)
    assert name == ("@" if fqdn == zone else fqdn.removesuffix("." + zone))
    assert record["level"] in LEVELS
    assert rtype in ("TXT", "CNAME", "MX", "SRV")
    assert number(record["ttl"]) == 3600
    value, content = record["value"], record["content"]
    if rtype == "TXT":
        chunks = record["txt_chunks"]
        assert chunks and all(len(c.encode()) <= 255 for c in chunks), chunks
        assert "".join(chunks) == value
        assert _QUOTED.findall(content) == chunks
        assert content == " ".join(f'"{c}"' for c in chunks)
        assert record["priority"] is record["weight"] is record["port"] is None
    else:
        assert record["txt_chunks"] is None
        assert not value.endswith(".") and content.endswith(value + ".")
        numbers = [number(record[k]) for k in ("priority", "weight", "port")]
        expected = {
            "CNAME": [None, None, None],
            "MX": [numbers[0], None, None],
            "SRV": numbers,
        }[rtype]
        assert numbers == expected and all(isinstance(n, int) for n in expected if n is not None)
        shown = [str(n) for n in numbers if n is not None]
        assert content == " ".join([*shown, value + "."])


def check_records_output(
    dns_records: Sequence[Mapping[str, Any]],
    records: Mapping[str, Mapping[str, Any]],
    zone_file: str,
    zone: str,
    keys: Iterable[str],
) -> None:
    """``dns_records``, ``records`` and ``zone_file`` agree and have the documented shape."""
    assert {r["key"] for r in dns_records} == set(keys)
    assert len(dns_records) == len(set(keys))
    for record in dns_records:
        check_record_shape(record, zone)
    order = [(LEVELS.index(r["level"]), r["key"]) for r in dns_records]
    assert order == sorted(order), order
    assert {k: dict(v) for k, v in records.items()} == {r["key"]: dict(r) for r in dns_records}
    lines = zone_file.splitlines()
    assert zone_file.endswith("\n") and len(lines) == len(dns_records)
    for line, record in zip(lines, dns_records, strict=True):
        assert line.split("\t") == [
            record["fqdn"] + ".",
            str(number(record["ttl"])),
            "IN",
            record["type"],
            record["content"],
        ]


# --- secrets ---------------------------------------------------------------------------------


def assert_no_token(text: str, what: str, tokens: Iterable[str] = TOKENS) -> None:
    for token in tokens:
        assert token not in text, f"a credential appears in {what}"
