"""DNS record shaping shared by both vendors.

Vendors describe the records they want in their own words (Scaleway: ``dns_name`` and a
``dns_value`` with priority/port embedded; FullHelp: a ``hostname`` relative to the domain). This
module turns each into one :class:`DnsRecord` dict whose fields plug straight into DNS-zone
resources: zone-relative ``name``, unquoted ``value``, integer ``priority``/``weight``/``port`` and
a zone-file ``content`` with TXT split into strings of at most 255 bytes.
"""

from __future__ import annotations

import json
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

VERIFIED_STATUSES = ("valid", "verified")
"""The per-record statuses that mean the vendor found the record (Scaleway, FullHelp)."""
UNKNOWN_STATUS = "unknown_status"
"""Scaleway's per-record status before any check: stored as ``-``."""

KnownRecords = Mapping[str, str]
"""Records a vendor documents alike for every domain, by reference (``scw.imap``): each the
stored line of the record without its status, ``LEVEL NAME [TTL] TYPE CONTENT``. A reference,
once released, never changes meaning (states keep it): a vendor's new record gets a new one."""

NO_KNOWN_RECORDS: KnownRecords = {}


class UnknownReferenceError(InvalidValueError):
    """A stored record names a reference the known records do not hold."""


def stored_records(
    records: Iterable[DnsRecord], origin: str, known: KnownRecords = NO_KNOWN_RECORDS
) -> dict[str, str]:
    """The ``records`` output as state stores it: by key, each record one line.

    The line is ``LEVEL STATUS NAME [TTL] TYPE CONTENT``: the record as a zone file writes it
    (name relative to ``origin``, the domain's own name, TXT quoted), after its level and
    status (``-`` for ``unknown_status``, the status of a record not checked yet). ``fqdn``
    follows from the origin, ``name`` and ``zone`` from the resource's zone, ``value`` and
    ``txt_chunks`` from the content (a DKIM key is stored once), ``verified`` from the status;
    the TTL is written when it is not 3600. A record ``known`` documents is ``=REFERENCE
    STATUS`` instead. What does not follow (a label other than the key, an error, a
    ``verified`` the status does not say) comes after a tab as a JSON object.
    """
    references = {line: reference for reference, line in known.items()}
    return {r["key"]: _stored_line(r, strip_dot(origin), references) for r in sort_records(records)}


def _stored_line(record: DnsRecord, origin: str, references: Mapping[str, str]) -> str:
    status = "-" if record["status"] == UNKNOWN_STATUS else record["status"]
    fqdn = record["fqdn"]
    name = "@" if fqdn == origin else fqdn.removesuffix("." + origin)
    words = [record["level"], status, name]
    extras: dict[str, Any] = {}
    if any(not w or w.split() != [w] for w in words) or record["status"] == "-" or name == fqdn:
        # Not one word each (no vendor sends that today), or a name outside the domain: keep
        # them whole in the extras.
        extras.update(level=record["level"], status=record["status"], fqdn=fqdn)
        words = ["-", "-", "-"]
    ttl = [] if record["ttl"] == DEFAULT_TTL else [str(record["ttl"])]
    content = record["content"]
    if "\t" in content or "\n" in content:
        # Only a type this package does not know passes such RDATA through: keep it whole.
        extras["content"], content = content, "-"
    line = " ".join([*words, *ttl, record["type"], content])
    reference = None if extras else references.get(_without_status(line))
    if reference is not None:
        line = f"={reference} {status}"
    if record["label"] != record["key"]:
        extras["label"] = record["label"]
    if record["error"] is not None:
        extras["error"] = record["error"]
    if record["verified"] != (record["status"] in VERIFIED_STATUSES):
        extras["verified"] = record["verified"]
    return (
        f"{line}\t{json.dumps(extras, ensure_ascii=False, separators=(',', ':'))}"
        if extras
        else line
    )


def _without_status(line: str) -> str:
    level, _status, rest = line.split(" ", 2)
    return f"{level} {rest}"


def _known_line(key: str, main: str, known: KnownRecords) -> str:
    """A stored ``=REFERENCE STATUS`` line written out as the record ``known`` documents."""
    reference, _, status = main.removeprefix("=").partition(" ")
    documented = known.get(reference)
    if documented is None or not status:
        raise UnknownReferenceError(
            f"records.{key}: {main!r} names no record this version knows"
            f" (known: {', '.join(sorted(known)) or 'none'})"
        )
    level, rest = documented.split(" ", 1)
    return f"{level} {status} {rest}"


def _parsed_line(
    key: str, line: str, zone: str, origin: str, known: KnownRecords
) -> dict[str, Any]:
    """The fields of a stored line (see :func:`stored_records`)."""
    main, _, extra_text = line.partition("\t")
    extras: dict[str, Any] = json.loads(extra_text) if extra_text else {}
    if main.startswith("="):
        main = _known_line(key, main, known)
    level, status, name, rest = main.split(" ", 3)
    ttl = DEFAULT_TTL
    first, _, after = rest.partition(" ")
    if first.isdigit():
        ttl, rest = int(first), after
    record_type, _, content = rest.partition(" ")
    content = extras.get("content", content)
    status = UNKNOWN_STATUS if status == "-" else status
    record: dict[str, Any] = {"key": key, "level": level, "status": status, "name": name}
    record.update({k: v for k, v in extras.items() if k in ("level", "status")})
    record.update(ttl=ttl, type=record_type, zone=zone, label=extras.get("label", key))
    record["fqdn"] = extras.get("fqdn") or (origin if name == "@" else f"{name}.{origin}")
    record["name"] = relative_name(record["fqdn"], zone)
    record["error"] = extras.get("error")
    record["verified"] = extras.get("verified", record["status"] in VERIFIED_STATUSES)
    if record_type == "TXT":
        record["value"] = unquote_txt(content)
    elif record_type in RECORD_TYPES:
        numbers, record["value"] = _numbers_and_host(record_type, content)
        names = {"MX": ("priority",), "SRV": ("priority", "weight", "port")}.get(record_type, ())
        record.update(zip(names, numbers, strict=True))
    else:
        record["value"] = content
    return record


def record_origin(outputs: Mapping[str, Any]) -> str | None:
    """The name a domain's stored record names are relative to: its ``domain`` (FullHelp) or
    ``name`` (Scaleway) output."""
    origin = outputs.get("domain") or outputs.get("name")
    return origin if isinstance(origin, str) else None


def present_records(
    stored: Mapping[str, str | Mapping[str, Any]] | None,
    zone: str | None,
    origin: str | None,
    known: KnownRecords = NO_KNOWN_RECORDS,
) -> dict[str, Any]:
    """The ``records``, ``dns_records`` and ``zone_file`` a program or a YAML stack reads, from
    the stored ``records``: lines (see :func:`stored_records`; ``origin`` is the domain's name,
    default ``zone``; ``known`` the records references stand for), or records as dicts as
    states written by earlier versions keep them (every field, or some left out)."""
    zone_name = strip_dot(zone or "")
    origin_name = strip_dot(origin or zone_name)
    full = [
        _presented(
            _parsed_line(key, record, zone_name, origin_name, known)
            if isinstance(record, str)
            else record,
            zone,
        )
        for key, record in (stored or {}).items()
    ]
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
