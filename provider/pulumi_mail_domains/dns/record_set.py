"""``RecordSet``: one DNS RRset on any authoritative server, managed through RFC 2136 UPDATE.

Changes are DNS UPDATE messages signed with TSIG and sent over TCP to ``server``; reads are
queries to that same server, never to the system resolver. The TSIG secret is read when the
provider runs, from stack config ``dns:tsigSecret`` or else the ``DNS_TSIG_SECRET`` environment
variable; it is never an input, an output or part of the serialized provider.
"""

from __future__ import annotations

import binascii
import dataclasses
import ipaddress
import os
import re
import socket
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

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
import pulumi
import pulumi.dynamic
from pulumi.runtime.rpc import UNKNOWN

__all__ = [
    "SUPPORTED_TYPES",
    "RecordSet",
    "RecordSetArgs",
    "RecordSetError",
    "RecordSetProvider",
]

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
"""Record types a RecordSet can manage (SOA and DNSSEC records belong to the server)."""

DEFAULT_TTL = 3600
DEFAULT_PORT = 53
DEFAULT_TSIG_ALGORITHM = "hmac-sha256"
TIMEOUT_SECONDS = 5.0
"""Time allowed for each DNS message exchange with the server."""

_CONFIG_SECRET_KEY = "dns:tsigSecret"
_ENV_SECRET = "DNS_TSIG_SECRET"
_MAX_TTL = 2**31 - 1
_MAX_TXT_STRING = 255

_TSIG_ALGORITHMS: dict[str, dns.name.Name] = {
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

# The per-process stack configuration given to ``RecordSetProvider.configure``. Kept at module
# level so that the provider instance, which Pulumi pickles into state, holds nothing.
_stack_config: dict[str, str] = {}


class RecordSetError(Exception):
    """A DNS server refused or failed an operation on a record set."""


class _RequiredArgs(TypedDict):
    zone: pulumi.Input[str]
    name: pulumi.Input[str]
    type: pulumi.Input[str]
    values: pulumi.Input[Sequence[pulumi.Input[str]]]
    server: pulumi.Input[str]
    tsig_key_name: pulumi.Input[str]


class RecordSetArgs(_RequiredArgs, total=False):
    """The inputs of a :class:`RecordSet`, as a dict: ``RecordSet(name, **args)``."""

    ttl: pulumi.Input[int]
    tsig_algorithm: pulumi.Input[str]


# --------------------------------------------------------------------------------------------
# Validation and normalization (no network I/O)
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Spec:
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


def _is_unknown(value: object) -> bool:
    return isinstance(value, str) and value == UNKNOWN


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


def _parse_server(value: object) -> tuple[str, str, int]:
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
    if text not in _TSIG_ALGORITHMS:
        raise _Invalid(
            f"tsig_algorithm {text!r} is not supported; use one of {', '.join(_TSIG_ALGORITHMS)}"
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
                f"{_abbreviate(text)} has an unquoted ';', which starts a zone-file comment; "
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
            f"TXT value {_abbreviate(text)} has unquoted words that would become separate "
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
            f"{_abbreviate(text)} is not valid {type_text} RDATA: {error or type(error).__name__}"
        ) from None
    try:
        rdata.to_wire()
    except dns.name.NeedAbsoluteNameOrOrigin:
        raise _Invalid(
            f"{_abbreviate(text)} contains a relative name; host names in values must be "
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
        if _is_unknown(item) or rdtype is None:
            normalized.append(item)
            continue
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"values[{index}] must be a non-empty RDATA string, got {item!r}")
        try:
            normalized.append(_normalize_value(rdtype, item.strip()))
        except _Invalid as error:
            raise _Invalid(f"values[{index}]: {error}") from None
    known = [item for item in normalized if not _is_unknown(item)]
    if rdtype is not None:
        duplicates = {item for item in known if known.count(item) > 1}
        if duplicates:
            raise _Invalid(f"values lists {sorted(duplicates)[0]!r} more than once")
        if rdtype == dns.rdatatype.CNAME and len(normalized) != 1:
            raise _Invalid(f"a CNAME record set holds exactly one value, got {len(normalized)}")
    return normalized


def _check(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[pulumi.dynamic.CheckFailure]]:
    """Normalized inputs and the failures, one per failing property. Unknowns pass as they are."""
    inputs = {key: value for key, value in news.items() if key != "__provider"}
    failures: list[pulumi.dynamic.CheckFailure] = []

    def field(prop: str, normalize: Callable[[Any], Any]) -> Any:
        value = inputs.get(prop)
        if _is_unknown(value):
            return None
        try:
            inputs[prop] = normalize(value)
        except _Invalid as error:
            failures.append(pulumi.dynamic.CheckFailure(prop, str(error)))
            return None
        return inputs[prop]

    zone: str | None = field("zone", _normalize_zone)
    name: str | None = field("name", lambda value: _normalize_name(value, zone))
    rdtype: dns.rdatatype.RdataType | None = field("type", _normalize_type)
    if rdtype is not None:
        inputs["type"] = dns.rdatatype.to_text(rdtype)
    field("values", lambda value: _normalize_values(value, rdtype))
    field("ttl", _normalize_ttl)
    field("server", lambda value: _parse_server(value)[0])
    field("tsig_key_name", _normalize_key_name)
    field("tsig_algorithm", _normalize_algorithm)

    if name == "@" and rdtype == dns.rdatatype.CNAME:
        failures.append(
            pulumi.dynamic.CheckFailure(
                "type", "a CNAME cannot be at the zone apex ('@'): it would conflict with SOA/NS"
            )
        )
    if name == "@" and rdtype == dns.rdatatype.NS:
        failures.append(
            pulumi.dynamic.CheckFailure(
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


def _spec(props: Mapping[str, Any]) -> _Spec:
    """The spec of checked (or stored) properties; raises RecordSetError if they are invalid."""
    inputs, failures = _check(props)
    if failures:
        details = "; ".join(f"{failure.property}: {failure.reason}" for failure in failures)
        raise RecordSetError(f"invalid record set: {details}")
    server, host, port = _parse_server(inputs["server"])
    return _Spec(
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


def _abbreviate(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _rdata_set(rdtype_text: object, values: object) -> frozenset[object] | None:
    """Values as a set of parsed RDATA (text where unparsable); None when unknown."""
    if not isinstance(values, (list, tuple)) or any(_is_unknown(item) for item in values):
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


# --------------------------------------------------------------------------------------------
# DNS exchanges
# --------------------------------------------------------------------------------------------


def _tsig_secret() -> tuple[str, str]:
    """The TSIG secret (empty when unset) and a description of where it comes from."""
    secret = _stack_config.get(_CONFIG_SECRET_KEY)
    if secret:
        return secret, f"stack config {_CONFIG_SECRET_KEY}"
    return os.environ.get(_ENV_SECRET, ""), f"environment variable {_ENV_SECRET}"


def _tsig_key(spec: _Spec) -> dns.tsig.Key:
    secret, source = _tsig_secret()
    if not secret:
        raise RecordSetError(
            f"no TSIG secret for key {spec.tsig_key_name!r}: set it with "
            f"'pulumi config set --secret {_CONFIG_SECRET_KEY} <base64 secret>' or in the "
            f"{_ENV_SECRET} environment variable"
        )
    try:
        key = dns.tsig.Key(spec.tsig_key_name, secret, _TSIG_ALGORITHMS[spec.tsig_algorithm])
    except (binascii.Error, ValueError):
        raise RecordSetError(f"the TSIG secret from {source} is not valid base64") from None
    return key


def _resolve(spec: _Spec) -> str:
    try:
        ipaddress.ip_address(spec.host)
        return spec.host
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(spec.host, spec.port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise RecordSetError(
            f"cannot resolve DNS server host {spec.host!r} (server {spec.server!r}): {error}"
        ) from None
    return str(infos[0][4][0])


def _exchange(spec: _Spec, message: dns.message.Message, action: str) -> dns.message.Message:
    """Send ``message`` to the server over TCP and return the verified reply."""
    where = f"DNS server {spec.server}"
    key_text = f"TSIG key {spec.tsig_key_name!r} ({spec.tsig_algorithm})"
    try:
        return dns.query.tcp(message, _resolve(spec), port=spec.port, timeout=TIMEOUT_SECONDS)
    except dns.exception.Timeout:
        raise RecordSetError(
            f"{action}: no answer from {where} within {TIMEOUT_SECONDS:g} s over TCP; check "
            f"that 'server' is right and TCP port {spec.port} is reachable"
        ) from None
    except dns.tsig.PeerBadKey:
        raise RecordSetError(
            f"{action}: {where} does not know the {key_text} (BADKEY); check tsig_key_name and "
            "tsig_algorithm against the key configured on the server"
        ) from None
    except dns.tsig.PeerBadSignature:
        raise RecordSetError(
            f"{action}: {where} rejected the signature made with the {key_text} (BADSIG); the "
            f"secret from {_tsig_secret()[1]} does not match the server's secret for that key"
        ) from None
    except dns.tsig.PeerBadTime:
        raise RecordSetError(
            f"{action}: {where} rejected the TSIG time (BADTIME); this machine's clock and the "
            "server's differ by more than the allowed fudge"
        ) from None
    except (dns.tsig.PeerError, dns.tsig.BadSignature, dns.message.UnknownTSIGKey) as error:
        raise RecordSetError(
            f"{action}: TSIG failure with {where} and the {key_text}: "
            f"{error or type(error).__name__}"
        ) from None
    except ConnectionRefusedError:
        raise RecordSetError(
            f"{action}: {where} refused the TCP connection on port {spec.port}; check 'server'"
        ) from None
    except OSError as error:
        raise RecordSetError(f"{action}: cannot talk to {where}: {error}") from None
    except dns.exception.DNSException as error:
        raise RecordSetError(
            f"{action}: bad reply from {where}: {error or type(error).__name__}"
        ) from None


def _rcode_error(spec: _Spec, rcode: dns.rcode.Rcode, action: str) -> RecordSetError:
    zone, key = spec.zone, spec.tsig_key_name
    advice = {
        dns.rcode.REFUSED: (
            f"check that the server is authoritative for zone {zone!r} and lets key {key!r} "
            "change it (allow-update / update-policy)"
        ),
        dns.rcode.NOTAUTH: (
            f"the server is not authoritative for zone {zone!r} (or did not accept key "
            f"{key!r}); check the zone name and that 'server' is the zone's primary"
        ),
        dns.rcode.NOTZONE: f"{spec.fqdn!r} is not inside zone {zone!r}",
        dns.rcode.YXRRSET: (
            f"a {spec.type} record set (or a CNAME) already exists at {spec.fqdn!r}; a "
            "RecordSet does not take over records it did not create: remove them first"
        ),
        dns.rcode.YXDOMAIN: (
            f"{spec.fqdn!r} already has records and a CNAME cannot share its name with other "
            "records: remove them first"
        ),
        dns.rcode.SERVFAIL: f"the server failed on zone {zone!r}; see the server's log",
        dns.rcode.NOTIMP: "the server does not implement DNS UPDATE",
    }.get(rcode, f"zone {zone!r}")
    return RecordSetError(
        f"{action}: DNS server {spec.server} answered {dns.rcode.to_text(rcode)}: {advice}"
    )


def _send_update(spec: _Spec, update: dns.update.UpdateMessage, action: str) -> None:
    reply = _exchange(spec, update, action)
    if reply.rcode() != dns.rcode.NOERROR:
        raise _rcode_error(spec, reply.rcode(), action)


def _new_update(spec: _Spec) -> dns.update.UpdateMessage:
    return dns.update.UpdateMessage(spec.zone, keyring=_tsig_key(spec))


def _query(spec: _Spec, action: str) -> dns.rrset.RRset | None:
    """The record set as the server holds it now, or None when it is absent."""
    qname = dns.name.from_text(spec.fqdn)
    query = dns.message.make_query(qname, spec.rdtype)
    query.flags &= ~dns.flags.RD
    query.use_tsig(_tsig_key(spec))
    reply = _exchange(spec, query, action)
    rcode = reply.rcode()
    if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        raise _rcode_error(spec, rcode, action)
    sections = [reply.answer]
    if spec.rdtype == dns.rdatatype.NS:
        sections.append(reply.authority)  # NS below the apex is a delegation: a referral
    for section in sections:
        for rrset in section:
            if rrset.name == qname and rrset.rdtype == spec.rdtype:
                return rrset
    if not reply.flags & dns.flags.AA:
        raise RecordSetError(
            f"{action}: DNS server {spec.server} is not authoritative for zone {spec.zone!r} "
            "(its answer lacks the AA flag); 'server' must be the zone's primary"
        )
    return None


def _write(spec: _Spec, update: dns.update.UpdateMessage, action: str) -> None:
    """Send ``update`` and check that the server now holds exactly the requested record set."""
    _send_update(spec, update, action)
    live = _query(spec, action)
    wanted = set(spec.rdatas())
    if live is None or set(live) != wanted or live.ttl != spec.ttl:
        raise RecordSetError(
            f"{action}: DNS server {spec.server} accepted the update but does not serve the "
            f"requested {spec.type} record set at {spec.fqdn!r} (a CNAME and other records at "
            "the same name, or a server policy, can make it ignore an update)"
        )


# --------------------------------------------------------------------------------------------
# Provider and resource
# --------------------------------------------------------------------------------------------


class RecordSetProvider(pulumi.dynamic.ResourceProvider):
    """CRUD for :class:`RecordSet` through DNS UPDATE and direct queries.

    Instances hold no state: the TSIG secret is looked up on each operation, so the pickled
    provider in the state file is a bare reference to this class.
    """

    serialize_as_secret_always = False

    def configure(self, req: pulumi.dynamic.ConfigureRequest) -> None:
        """Remember the stack's ``dns:tsigSecret`` (if set) for this process."""
        secret = req.config.get(_CONFIG_SECRET_KEY)
        _stack_config.clear()
        if isinstance(secret, str) and secret:
            _stack_config[_CONFIG_SECRET_KEY] = secret

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
        """Validate and normalize the inputs; unknown values (during preview) are skipped."""
        inputs, failures = _check(news)
        return pulumi.dynamic.CheckResult(inputs, failures)

    def diff(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.DiffResult:
        """Replace on zone/name/type/server changes, update on anything else; values are a set."""
        # A new server is a new record set: create it there (refusing to take over one that
        # exists), then delete it from the old server, rather than leave the old records behind.
        replaces = [
            key for key in ("zone", "name", "type", "server") if olds.get(key) != news.get(key)
        ]
        changed = replaces + [
            key
            for key in ("ttl", "tsig_key_name", "tsig_algorithm")
            if olds.get(key) != news.get(key)
        ]
        old_values = _rdata_set(olds.get("type"), olds.get("values"))
        new_values = _rdata_set(news.get("type"), news.get("values"))
        if old_values is None or new_values is None or old_values != new_values:
            changed.append("values")
        same_rrset = olds.get("fqdn") == news.get("fqdn") and not any(
            olds.get(key) != news.get(key) for key in ("type", "server")
        )
        return pulumi.dynamic.DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=bool(replaces) and same_rrset,
        )

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        """Add the record set, on condition that no such record set exists yet."""
        spec = _spec(props)
        action = f"creating {spec.type} {spec.fqdn}"
        update = _new_update(spec)
        if spec.rdtype == dns.rdatatype.CNAME:
            update.absent(spec.relative_name)
        else:
            update.absent(spec.relative_name, spec.rdtype)
            update.absent(spec.relative_name, dns.rdatatype.CNAME)
        update.add(spec.relative_name, spec.ttl, *spec.rdatas())
        _write(spec, update, action)
        return pulumi.dynamic.CreateResult(spec.id, spec.outputs())

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.UpdateResult:
        """Replace the record set's values and TTL in one atomic UPDATE."""
        spec = _spec(news)
        update = _new_update(spec)
        update.delete(spec.relative_name, spec.rdtype)
        update.add(spec.relative_name, spec.ttl, *spec.rdatas())
        _write(spec, update, f"updating {spec.type} {spec.fqdn}")
        return pulumi.dynamic.UpdateResult(spec.outputs())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the record set; a record set that is already gone is fine."""
        spec = _spec(props)
        update = _new_update(spec)
        update.delete(spec.relative_name, spec.rdtype)
        _send_update(spec, update, f"deleting {spec.type} {spec.fqdn}")

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        """The record set as the server holds it; an empty id when it no longer exists."""
        spec = _spec(props)
        live = _query(spec, f"reading {spec.type} {spec.fqdn}")
        if live is None:
            return pulumi.dynamic.ReadResult("", {})
        outputs = spec.outputs()
        if set(live) != set(spec.rdatas()):
            outputs["values"] = sorted(rdata.to_text() for rdata in live)
        outputs["ttl"] = live.ttl
        return pulumi.dynamic.ReadResult(id_ or spec.id, outputs)


class RecordSet(pulumi.dynamic.Resource, module="dns", name="RecordSet"):
    """One DNS record set (all records of one name and type) on an authoritative server.

    The record set is created, changed and deleted with RFC 2136 DNS UPDATE messages signed
    with TSIG, sent over TCP to ``server``, and refreshed by querying that same server. Creation
    fails rather than take over a record set that already exists. The TSIG secret comes from
    stack config ``dns:tsigSecret`` (set it with ``pulumi config set --secret``) or else the
    ``DNS_TSIG_SECRET`` environment variable, read when the provider runs.

    Changing ``zone``, ``name``, ``type`` or ``server`` replaces the record set (on a new
    server it is created first, then deleted from the old one); other changes update it in
    place, atomically. ``values`` is compared as a set, so reordering it changes nothing.
    """

    fqdn: pulumi.Output[str]
    """Absolute name of the record set, without the trailing dot."""
    zone: pulumi.Output[str]
    """The zone, lower-case, without the trailing dot."""
    name: pulumi.Output[str]
    """The name relative to the zone, ``@`` for the apex."""
    type: pulumi.Output[str]
    """The record type, upper-case."""
    values: pulumi.Output[list[str]]
    """The RDATA of each record in canonical zone-file form."""
    ttl: pulumi.Output[int]
    """TTL in seconds."""
    server: pulumi.Output[str]
    """The server the record set is managed on (``host`` or ``host:port``)."""
    tsig_key_name: pulumi.Output[str]
    """Name of the TSIG key the updates are signed with."""
    tsig_algorithm: pulumi.Output[str]
    """TSIG algorithm of that key."""

    def __init__(
        self,
        resource_name: str,
        *,
        zone: pulumi.Input[str],
        name: pulumi.Input[str],
        type: pulumi.Input[str],
        values: pulumi.Input[Sequence[pulumi.Input[str]]],
        ttl: pulumi.Input[int] | None = None,
        server: pulumi.Input[str],
        tsig_key_name: pulumi.Input[str],
        tsig_algorithm: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a record set.

        :param resource_name: The Pulumi name of the resource.
        :param zone: The DNS zone the record set lives in, e.g. ``example.com``. Replaces on
            change.
        :param name: The owner name relative to ``zone`` (``www``, ``_dmarc``,
            ``selector._domainkey``), or ``@`` for the zone apex. Absolute names are rejected.
            Replaces on change.
        :param type: The record type: ``A``, ``AAAA``, ``CAA``, ``CNAME``, ``DS``, ``HTTPS``,
            ``MX``, ``NAPTR``, ``NS`` (below the apex), ``PTR``, ``SRV``, ``SSHFP``, ``SVCB``,
            ``TLSA`` or ``TXT``. Replaces on change.
        :param values: The RDATA of each record as a zone file writes it (``DnsRecord.content``):
            TXT quoted, e.g. ``'"v=spf1 -all"'`` (strings over 255 bytes are split for you), MX
            ``10 mx.example.com.``, SRV ``0 1 993 imap.example.com.``, CNAME ``host.example.com.``.
            Host names must end with a dot. A CNAME has exactly one value.
        :param ttl: TTL in seconds (default 3600).
        :param server: The authoritative server that accepts the updates: ``host``,
            ``host:port``, ``[ipv6]:port`` (default port 53). Its answers are also what refresh
            reads.
        :param tsig_key_name: Name of the TSIG key the server accepts updates from. The secret
            is never an input: set ``dns:tsigSecret`` or ``DNS_TSIG_SECRET``.
        :param tsig_algorithm: The key's HMAC algorithm (default ``hmac-sha256``; also
            ``hmac-sha512``, ``hmac-sha384``, ``hmac-sha224``, ``hmac-sha1``, ``hmac-md5``…).
        :param opts: Options for the resource.
        """
        props: dict[str, Any] = {
            "fqdn": None,
            "zone": zone,
            "name": name,
            "type": type,
            "values": values,
            "ttl": ttl,
            "server": server,
            "tsig_key_name": tsig_key_name,
            "tsig_algorithm": tsig_algorithm,
        }
        super().__init__(RecordSetProvider(), resource_name, props, opts)
