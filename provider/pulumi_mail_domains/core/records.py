"""DNS record shaping shared by both vendors.

Vendors describe the records they want in their own words (Scaleway: ``dns_name`` and a
``dns_value`` with priority/port embedded; FullHelp: a ``hostname`` relative to the domain). This
module turns each into one :class:`DnsRecord` dict whose fields plug straight into DNS-zone
resources: zone-relative ``name``, unquoted ``value``, integer ``priority``/``weight``/``port`` and
a zone-file ``content`` with TXT split into strings of at most 255 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from pulumi_mail_domains.core.errors import InvalidValueError

DEFAULT_TTL = 3600
TXT_CHUNK_BYTES = 255
LEVEL_ORDER = ("required", "recommended", "optional")
RECORD_TYPES = ("TXT", "CNAME", "MX", "SRV")


class DnsRecord(TypedDict):
    """One DNS record a vendor asks for, shaped for DNS-zone resources (see the README)."""

    key: str
    label: str
    level: str
    type: str
    fqdn: str
    name: str
    zone: str
    value: str
    priority: int | None
    weight: int | None
    port: int | None
    ttl: int
    content: str
    txt_chunks: list[str] | None
    verified: bool
    status: str
    error: str | None


@dataclass(frozen=True)
class RecordSpec:
    """A vendor record reduced to plain facts, before shaping."""

    key: str
    label: str
    level: str
    type: str
    fqdn: str
    rdata: str
    """The vendor's value: TXT text (optionally quoted), or MX/SRV/CNAME rdata."""
    verified: bool
    status: str
    error: str | None = None


def strip_dot(name: str) -> str:
    """Lower-case a DNS name and drop its trailing dot."""
    return name.strip().rstrip(".").lower()


def relative_name(fqdn: str, zone: str) -> str:
    """The name of ``fqdn`` relative to ``zone``: ``@`` for the apex.

    Raises ValueError when ``fqdn`` is not inside ``zone``.
    """
    fqdn, zone = strip_dot(fqdn), strip_dot(zone)
    if fqdn == zone:
        return "@"
    if fqdn.endswith("." + zone):
        return fqdn[: -len(zone) - 1]
    raise InvalidValueError(f"{fqdn} is not inside the zone {zone}")


def split_txt(text: str) -> list[str]:
    """Split TXT text into pieces of at most 255 UTF-8 bytes, never inside a character."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = len(char.encode())
        if size + width > TXT_CHUNK_BYTES:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    if current or not chunks:
        chunks.append("".join(current))
    return chunks


def quote_txt(chunks: Iterable[str]) -> str:
    """Zone-file form of TXT strings: each quoted; quotes and backslashes escaped with a
    backslash, control characters as ``\\DDD`` (they are not allowed raw in a zone file)."""
    return " ".join(f'"{_escape(chunk)}"' for chunk in chunks)


def _escape(chunk: str) -> str:
    return "".join(
        "\\" + char
        if char in '"\\'
        else f"\\{ord(char):03d}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in chunk
    )


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPED = re.compile(r"\\([0-9]{3}|.)", re.DOTALL)


def unquote_txt(text: str) -> str:
    """Join a TXT value given as quoted strings (``"a" "b"``); plain text is returned as is.

    ``\\X`` stands for X and ``\\DDD`` for the byte DDD (UTF-8 sequences are decoded).
    """
    stripped = text.strip()
    if not stripped.startswith('"'):
        return text
    return "".join(_unescape(part) for part in _QUOTED.findall(stripped))


def _unescape(part: str) -> str:
    data = bytearray()
    position = 0
    for match in _ESCAPED.finditer(part):
        data += part[position : match.start()].encode()
        token = match.group(1)
        if len(token) == 3 and int(token) <= 255:
            data.append(int(token))
        else:
            data += token.encode()
        position = match.end()
    data += part[position:].encode()
    return data.decode("utf-8", errors="replace")


def shape(spec: RecordSpec, zone: str, ttl: int = DEFAULT_TTL) -> DnsRecord:
    """Shape one vendor record for ``zone`` (the zone its name is made relative to)."""
    record_type = spec.type.upper()
    fqdn = strip_dot(spec.fqdn)
    record = DnsRecord(
        key=spec.key,
        label=spec.label,
        level=spec.level,
        type=record_type,
        fqdn=fqdn,
        name=relative_name(fqdn, zone),
        zone=strip_dot(zone),
        value="",
        priority=None,
        weight=None,
        port=None,
        ttl=ttl,
        content="",
        txt_chunks=None,
        verified=spec.verified,
        status=spec.status,
        error=spec.error,
    )
    if record_type == "TXT":
        text = unquote_txt(spec.rdata)
        chunks = split_txt(text)
        record["value"], record["txt_chunks"], record["content"] = text, chunks, quote_txt(chunks)
    elif record_type not in RECORD_TYPES:
        # A type this package does not know yet: pass the API's value through untouched.
        record["value"] = record["content"] = spec.rdata.strip()
    else:
        numbers, host = _numbers_and_host(record_type, spec.rdata)
        record["value"] = host
        if record_type == "MX":
            record["priority"] = numbers[0]
        elif record_type == "SRV":
            record["priority"], record["weight"], record["port"] = numbers
        record["content"] = " ".join([*map(str, numbers), host + "."])
    return record


def _numbers_and_host(record_type: str, rdata: str) -> tuple[list[int], str]:
    """Parse ``10 host.`` (MX), ``0 1 993 host.`` (SRV) or ``host.`` (CNAME)."""
    expected = {"MX": 1, "SRV": 3}.get(record_type, 0)
    fields = rdata.split()
    if len(fields) != expected + 1 or not all(f.isdigit() for f in fields[:expected]):
        raise InvalidValueError(f"unexpected {record_type} value from the API: {rdata!r}")
    return [int(f) for f in fields[:expected]], strip_dot(fields[-1])


def sort_records(records: Iterable[DnsRecord]) -> list[DnsRecord]:
    """Deterministic order: level (required first), then key."""

    def rank(record: DnsRecord) -> tuple[int, str]:
        level = record["level"]
        position = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
        return position, record["key"]

    return sorted(records, key=rank)


def render_zone_file(records: Sequence[DnsRecord]) -> str:
    """Every record as a BIND zone-file line with an absolute owner name."""
    lines = [
        f"{r['fqdn']}.\t{r['ttl']}\tIN\t{r['type']}\t{r['content']}" for r in sort_records(records)
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def label_key(label: str, taken: Iterable[str]) -> str:
    """Stable key for a vendor label: lower-case, non-alphanumerics as ``_``, ``_2``… if taken."""
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "record"
    existing = set(taken)
    if base not in existing:
        return base
    suffix = 2
    while f"{base}_{suffix}" in existing:
        suffix += 1
    return f"{base}_{suffix}"


RECORD_FIELDS: tuple[str, ...] = tuple(DnsRecord.__annotations__)
INTEGER_FIELDS = ("priority", "weight", "port", "ttl")


def as_int(value: Any) -> Any:
    """An integral float as an ``int``; anything else unchanged.

    Outputs cross the engine as protobuf numbers, so the program receives ``10.0`` for ``10``.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def with_all_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with every DnsRecord field (those missing are None) and integers as ``int``.

    The state keeps ``None`` fields, but the Pulumi SDK drops None-valued keys when outputs
    reach the program, so ``records["mx"]["weight"]`` would raise KeyError without this.
    """
    complete = {**dict.fromkeys(RECORD_FIELDS), **record}
    for key in INTEGER_FIELDS:
        complete[key] = as_int(complete[key])
    return complete


# --- what state stores, and what programs see -----------------------------------------------

STORED_FIELDS: tuple[str, ...] = tuple(
    f for f in DnsRecord.__annotations__ if f not in ("content", "txt_chunks", "zone")
)
"""The DnsRecord fields a domain's state keeps: ``content`` and ``txt_chunks`` are spellings of
``value`` (a DKIM key would otherwise be stored three times) and ``zone`` is the resource's.
``label``, ``name`` and ``ttl`` are kept only where they say more than their defaults."""


def stored_records(records: Iterable[DnsRecord]) -> dict[str, dict[str, Any]]:
    """The ``records`` output as state stores it: by key, without the derived fields."""
    # Unset fields (an MX's weight, a valid record's error), a label that only repeats the key
    # (Scaleway's), a name that follows from the fqdn and the zone and the default TTL are left
    # out too: presenting puts every field back.
    return {
        r["key"]: {f: v for f in STORED_FIELDS if not _derivable(r, f, v := dict(r)[f])}
        for r in sort_records(records)
    }


def _derivable(record: DnsRecord, field: str, value: Any) -> bool:
    """Whether presenting ``record`` gives ``field`` back as ``value`` without storing it."""
    if value is None:
        return True
    if field == "label":
        return bool(value == record["key"])
    if field == "name":
        return bool(value == relative_name(record["fqdn"], record["zone"]))
    return field == "ttl" and value == DEFAULT_TTL


def present_records(
    stored: Mapping[str, Mapping[str, Any]] | None, zone: str | None
) -> dict[str, Any]:
    """The ``records``, ``dns_records`` and ``zone_file`` a program or a YAML stack reads, from
    the stored ``records`` (a state written before records were stored lean works too)."""
    full = [_presented(record, zone) for record in (stored or {}).values()]
    ordered = sort_records(full)
    return {
        "records": {r["key"]: r for r in ordered},
        "dns_records": ordered,
        "zone_file": render_zone_file(ordered),
    }


def _presented(record: Mapping[str, Any], zone: str | None) -> DnsRecord:
    complete = with_all_fields(record)
    complete["zone"] = complete["zone"] or strip_dot(zone or "")
    complete["label"] = complete["label"] or complete["key"]
    if complete["name"] is None and complete["fqdn"]:
        complete["name"] = relative_name(complete["fqdn"], complete["zone"])
    complete["ttl"] = DEFAULT_TTL if complete["ttl"] is None else complete["ttl"]
    record_type, value = complete["type"], complete["value"]
    if record_type == "TXT":
        chunks = split_txt(value)
        complete["txt_chunks"], complete["content"] = chunks, quote_txt(chunks)
    elif record_type in RECORD_TYPES:
        numbers = [complete[f] for f in ("priority", "weight", "port") if complete[f] is not None]
        complete["content"] = " ".join([*map(str, numbers), value + "."])
    else:
        complete["content"] = value
    return cast(DnsRecord, {f: complete[f] for f in RECORD_FIELDS})


def describe_failing(record: DnsRecord) -> str:
    """One line of a verification failure: the record expected, and what the API says of it."""
    error = f", error: {record['error']}" if record["error"] else ""
    return (
        f"  - {record['key']}: {record['fqdn']} {record['type']} {record['content']} "
        f"(status: {record['status']}{error})"
    )
