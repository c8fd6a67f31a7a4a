"""What a record set's inputs may be, and their normal form: pure checks, no network I/O.

Record sets are DNS owner names (``_dmarc``, ``selector._domainkey``), so their labels allow the
underscores mail domain names do not; the rules here are DNS's, not :mod:`core.domain_names`'.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.rrset
import dns.tokenizer
import dns.tsig
import dns.update

from pulumi_mail_domains.core.results import CheckFailure
from pulumi_mail_domains.core.unknowns import is_unknown
from pulumi_mail_domains.dns.errors import RecordSetError
from pulumi_mail_domains.dns.spec import DEFAULT_TSIG_ALGORITHM, DEFAULT_TTL

SUPPORTED_TYPES = (
    "A",
    "AAAA",
    "CAA",
    "CNAME",
    "DS",
    "HTTPS",
    "MX",
    "NAPTR",
    "NS",
    "PTR",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "TXT",
)
DEFAULT_PORT = 53
_MAX_TTL = 2**31 - 1
_MAX_TXT_STRING = 255

TSIG_ALGORITHMS: dict[str, dns.name.Name] = {
    "hmac-md5": dns.tsig.HMAC_MD5,
    "hmac-sha1": dns.tsig.HMAC_SHA1,
    "hmac-sha224": dns.tsig.HMAC_SHA224,
    "hmac-sha256": dns.tsig.HMAC_SHA256,
    "hmac-sha256-128": dns.tsig.HMAC_SHA256_128,
    "hmac-sha384": dns.tsig.HMAC_SHA384,
    "hmac-sha384-192": dns.tsig.HMAC_SHA384_192,
    "hmac-sha512": dns.tsig.HMAC_SHA512,
    "hmac-sha512-256": dns.tsig.HMAC_SHA512_256,
}
_TSIG_ALIASES = {"hmac-md5.sig-alg.reg.int": "hmac-md5"}

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class CheckedRecordSet:
    """Checked inputs of one record set, in the forms the DNS operations need."""

    zone: str
    name: str
    rdtype: dns.rdatatype.RdataType
    values: tuple[str, ...]
    ttl: int
    server: str
    host: str
    port: int
    tsig_key_name: str
    tsig_algorithm: str

    @property
    def type(self) -> str:
        return dns.rdatatype.to_text(self.rdtype)

    @property
    def fqdn(self) -> str:
        return self.zone if self.name == "@" else f"{self.name}.{self.zone}"

    @property
    def id(self) -> str:
        return f"{self.fqdn}/{self.type}"

    @property
    def relative_name(self) -> dns.name.Name:
        return dns.name.empty if self.name == "@" else dns.name.from_text(self.name, origin=None)

    def rdatas(self) -> list[dns.rdata.Rdata]:
        return [_parse_rdata(self.rdtype, value) for value in self.values]

    def outputs(self) -> dict[str, Any]:
        return {
            "fqdn": self.fqdn,
            "zone": self.zone,
            "name": self.name,
            "type": self.type,
            "values": list(self.values),
            "ttl": self.ttl,
            "server": self.server,
            "tsig_key_name": self.tsig_key_name,
            "tsig_algorithm": self.tsig_algorithm,
        }


class _Invalid(ValueError):
    """One property failed validation; the message is the CheckFailure reason."""


def _require_str(value: object, what: str) -> str:
    if value is None or value == "":
        raise _Invalid(f"{what} is required")
    if not isinstance(value, str):
        raise _Invalid(f"{what} must be a string, got {type(value).__name__}")
    return value.strip()


def _normalize_zone(value: object) -> str:
    text = _require_str(value, "zone").rstrip(".").lower()
    if not text:
        raise _Invalid("zone must name a DNS zone such as 'example.com', not the root")
    try:
        ascii_text = dns.name.from_text(text).to_text(omit_final_dot=True)
    except dns.exception.DNSException as error:
        raise _Invalid(f"zone {text!r} is not a valid DNS name: {error}") from None
    bad = [label for label in ascii_text.split(".") if not _LABEL.match(label)]
    if bad:
        raise _Invalid(
            f"zone {text!r} is not a valid DNS name: label {bad[0]!r} may hold only letters, "
            "digits, '-' and '_' (1 to 63 characters, not starting or ending with '-')"
        )
    return ascii_text


def _normalize_name(value: object, zone: str | None) -> str:
    """``@`` or a lower-case relative name; ``zone`` (when known) catches absolute names."""
    text = _require_str(value, "name ('@' for the zone apex)").lower()
    if text == "@":
        return text
    if text.endswith("."):
        hint = _relative_hint(text.rstrip("."), zone)
        raise _Invalid(f"name {text!r} is absolute (ends with '.'); {hint}")
    if zone is not None and (text == zone or text.endswith("." + zone)):
        hint = _relative_hint(text, zone)
        raise _Invalid(f"name {text!r} already ends with the zone {zone!r}; {hint}")
    try:
        labels = dns.name.from_text(text, origin=None).to_text().split(".")
    except dns.exception.DNSException as error:
        raise _Invalid(f"name {text!r} is not a valid DNS name: {error}") from None
    for index, label in enumerate(labels):
        if label == "*" and index == 0:
            continue
        if not _LABEL.match(label):
            raise _Invalid(
                f"name {text!r} is not a valid relative name: label {label!r} may hold only "
                "letters, digits, '-' and '_' ('*' only as the first label)"
            )
    if zone is not None:
        try:
            dns.name.from_text(f"{text}.{zone}")
        except dns.exception.DNSException as error:
            raise _Invalid(f"name {text!r} in zone {zone!r} is too long: {error}") from None
    return ".".join(labels)


def _relative_hint(absolute: str, zone: str | None) -> str:
    if zone is not None and absolute == zone:
        return "names are relative to the zone: use '@' for the zone apex"
    if zone is not None and absolute.endswith("." + zone):
        relative = absolute.removesuffix("." + zone)
        return f"names are relative to the zone: use {relative!r}"
    where = f"zone {zone!r}" if zone else "the zone"
    return f"names are relative to the zone: give the part before {where}, or '@' for its apex"


def _normalize_type(value: object) -> dns.rdatatype.RdataType:
    text = _require_str(value, "type").upper()
    if text not in SUPPORTED_TYPES:
        raise _Invalid(f"type {text!r} is not supported; use one of {', '.join(SUPPORTED_TYPES)}")
    return dns.rdatatype.from_text(text)


def _normalize_ttl(value: object) -> int:
    if value is None:
        return DEFAULT_TTL
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= _MAX_TTL:
        raise _Invalid(f"ttl must be a whole number of seconds from 1 to {_MAX_TTL}, got {value!r}")
    return value


def parse_server(value: object) -> tuple[str, str, int]:
    """(normalized text, host, port) of ``host``, ``host:port``, ``[ipv6]:port`` or ``ipv6``."""
    text = _require_str(value, "server (host or host:port of the authoritative server)")
    port_text = ""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _Invalid(f"server {text!r} is not host, host:port or [ipv6]:port")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host = text
    port = DEFAULT_PORT
    if port_text or text.endswith(":"):
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise _Invalid(f"server {text!r} has an invalid port; use a number from 1 to 65535")
        port = int(port_text)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        if not host or len(host) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
            raise _Invalid(f"server {text!r} is not a valid host name or IP address") from None
        host = host.rstrip(".").lower()
    else:
        host = str(address)
    if port == DEFAULT_PORT and not port_text:
        return host, host, port
    return (f"[{host}]:{port}" if ":" in host else f"{host}:{port}"), host, port


def _normalize_key_name(value: object) -> str:
    text = _require_str(value, "tsig_key_name (the name of the TSIG key the server accepts)")
    try:
        dns.name.from_text(text)
    except dns.exception.DNSException as error:
        raise _Invalid(f"tsig_key_name {text!r} is not a valid DNS name: {error}") from None
    return text


def _normalize_algorithm(value: object) -> str:
    if value is None:
        return DEFAULT_TSIG_ALGORITHM
    text = _require_str(value, "tsig_algorithm").lower().rstrip(".")
    text = _TSIG_ALIASES.get(text, text)
    if text not in TSIG_ALGORITHMS:
        raise _Invalid(
            f"tsig_algorithm {text!r} is not supported; use one of {', '.join(TSIG_ALGORITHMS)}"
        )
    return text


def _parse_rdata(rdtype: dns.rdatatype.RdataType, text: str) -> dns.rdata.Rdata:
    """Parse RDATA text; names in it must be absolute (end with '.')."""
    return dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=None, relativize=False)


def _tokens(text: str) -> list[dns.tokenizer.Token]:
    """The zone-file tokens of ``text``; an unquoted ';' (a comment) is refused, not dropped."""
    tokenizer = dns.tokenizer.Tokenizer(text)
    tokens = []
    while not (token := tokenizer.get(want_comment=True)).is_eol_or_eof():
        if token.is_comment():
            raise _Invalid(
                f"{abbreviate(text)} has an unquoted ';', which starts a zone-file comment; "
                "quote text that contains ';', e.g. '\"v=DKIM1; k=rsa; p=...\"'"
            )
        tokens.append(token)
    return tokens


def _normalize_txt(text: str) -> str:
    """Canonical TXT text; strings longer than 255 bytes are split into 255-byte pieces."""
    tokens = _tokens(text)
    if not tokens:
        raise _Invalid("a TXT value needs at least one string, e.g. '\"v=spf1 -all\"'")
    if len(tokens) > 1 and not all(token.is_quoted_string() for token in tokens):
        raise _Invalid(
            f"TXT value {abbreviate(text)} has unquoted words that would become separate "
            "strings; quote the text, e.g. '\"v=spf1 include:example.com -all\"'"
        )
    chunks: list[bytes] = []
    for token in tokens:
        data = token.unescape_to_bytes().value
        assert isinstance(data, bytes)
        pieces = range(0, len(data), _MAX_TXT_STRING) if data else range(1)
        chunks.extend(data[start : start + _MAX_TXT_STRING] for start in pieces)
    txt = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, chunks)
    return txt.to_text()


def _normalize_value(rdtype: dns.rdatatype.RdataType, text: str) -> str:
    try:
        if rdtype == dns.rdatatype.TXT:
            text = _normalize_txt(text)
        else:
            _tokens(text)
        rdata = _parse_rdata(rdtype, text)
    except (dns.exception.DNSException, ValueError) as error:
        type_text = dns.rdatatype.to_text(rdtype)
        raise _Invalid(
            f"{abbreviate(text)} is not valid {type_text} RDATA: {error or type(error).__name__}"
        ) from None
    try:
        rdata.to_wire()
    except dns.name.NeedAbsoluteNameOrOrigin:
        raise _Invalid(
            f"{abbreviate(text)} contains a relative name; host names in values must be "
            "absolute and end with '.', e.g. '10 mx.example.com.'"
        ) from None
    return rdata.to_text()


def _normalize_values(value: object, rdtype: dns.rdatatype.RdataType | None) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise _Invalid("values must be a list of RDATA strings, e.g. ['10 mx.example.com.']")
    if not value:
        raise _Invalid("values must list at least one record")
    normalized: list[Any] = []
    for index, item in enumerate(value):
        if is_unknown(item) or rdtype is None:
            normalized.append(item)
            continue
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"values[{index}] must be a non-empty RDATA string, got {item!r}")
        try:
            normalized.append(_normalize_value(rdtype, item.strip()))
        except _Invalid as error:
            raise _Invalid(f"values[{index}]: {error}") from None
    known = [item for item in normalized if not is_unknown(item)]
    if rdtype is not None:
        duplicates = {item for item in known if known.count(item) > 1}
        if duplicates:
            raise _Invalid(f"values lists {sorted(duplicates)[0]!r} more than once")
        if rdtype == dns.rdatatype.CNAME and len(normalized) != 1:
            raise _Invalid(f"a CNAME record set holds exactly one value, got {len(normalized)}")
    return normalized


def check_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
    """Normalized inputs and the failures, one per failing property. Unknowns pass as they are."""
    inputs = {key: value for key, value in news.items() if key != "__provider"}
    failures: list[CheckFailure] = []

    def field(prop: str, normalize: Callable[[Any], Any]) -> Any:
        value = inputs.get(prop)
        if is_unknown(value):
            return None
        try:
            inputs[prop] = normalize(value)
        except _Invalid as error:
            failures.append(CheckFailure(prop, str(error)))
            return None
        return inputs[prop]

    zone: str | None = field("zone", _normalize_zone)
    name: str | None = field("name", lambda value: _normalize_name(value, zone))
    rdtype: dns.rdatatype.RdataType | None = field("type", _normalize_type)
    if rdtype is not None:
        inputs["type"] = dns.rdatatype.to_text(rdtype)
    field("values", lambda value: _normalize_values(value, rdtype))
    field("ttl", _normalize_ttl)
    field("server", lambda value: parse_server(value)[0])
    field("tsig_key_name", _normalize_key_name)
    field("tsig_algorithm", _normalize_algorithm)

    if name == "@" and rdtype == dns.rdatatype.CNAME:
        failures.append(
            CheckFailure(
                "type", "a CNAME cannot be at the zone apex ('@'): it would conflict with SOA/NS"
            )
        )
    if name == "@" and rdtype == dns.rdatatype.NS:
        failures.append(
            CheckFailure(
                "type",
                "the apex NS records belong to the zone's server configuration; a RecordSet "
                "manages NS only below the apex (delegations)",
            )
        )
    if zone is not None and name is not None:
        inputs["fqdn"] = zone if name == "@" else f"{name}.{zone}"
    else:
        inputs.pop("fqdn", None)  # unknown until zone and name are
    return inputs, failures


def checked(props: Mapping[str, Any]) -> CheckedRecordSet:
    """The spec of checked (or stored) properties; raises RecordSetError if they are invalid."""
    inputs, failures = check_inputs(props)
    if failures:
        details = "; ".join(f"{failure.property}: {failure.reason}" for failure in failures)
        raise RecordSetError(f"invalid record set: {details}")
    server, host, port = parse_server(inputs["server"])
    return CheckedRecordSet(
        zone=inputs["zone"],
        name=inputs["name"],
        rdtype=dns.rdatatype.from_text(inputs["type"]),
        values=tuple(inputs["values"]),
        ttl=inputs["ttl"],
        server=server,
        host=host,
        port=port,
        tsig_key_name=inputs["tsig_key_name"],
        tsig_algorithm=inputs["tsig_algorithm"],
    )


def abbreviate(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def rdata_set(rdtype_text: object, values: object) -> frozenset[object] | None:
    """Values as a set of parsed RDATA (text where unparsable); None when unknown."""
    if not isinstance(values, (list, tuple)) or any(is_unknown(item) for item in values):
        return None
    try:
        rdtype = dns.rdatatype.from_text(str(rdtype_text))
    except dns.exception.DNSException:
        return frozenset(values)
    parsed: set[object] = set()
    for item in values:
        try:
            parsed.add(_parse_rdata(rdtype, str(item)))
        except (dns.exception.DNSException, ValueError):
            parsed.add(item)
    return frozenset(parsed)


def import_target(import_id: str, key_name: str | None) -> tuple[str, dict[str, Any]]:
    """The id and properties of ``SERVER_HOST:PORT/ZONE/FQDN/TYPE`` (``pulumi import``)."""
    parts = import_id.split("/")
    if len(parts) != 4 or not all(parts):
        raise RecordSetError(
            f"import id {import_id!r} is not SERVER_HOST:PORT/ZONE/FQDN/TYPE "
            "(e.g. ns1.example.com:53/example.com/_dmarc.example.com/TXT)"
        )
    server, zone_text, fqdn_text, type_text = parts
    zone, fqdn = zone_text.rstrip(".").lower(), fqdn_text.rstrip(".").lower()
    if fqdn != zone and not fqdn.endswith("." + zone):
        raise RecordSetError(f"import id {import_id!r}: {fqdn} is not in zone {zone}")
    name = "@" if fqdn == zone else fqdn[: -len(zone) - 1]
    props: dict[str, Any] = {
        "server": server,
        "zone": zone,
        "name": name,
        "type": type_text.upper(),
        "values": [],
    }
    if key_name:
        props["tsig_key_name"] = key_name
    return f"{fqdn}/{type_text.upper()}", props
