"""Checking published DNS records, as the vendors' validate/verify calls do.

With ``--dns-server`` the emulator asks that server directly (never the system resolver) for
each record's name and type and compares the answer with the expected value: TXT strings are
joined before comparing, MX/SRV/CNAME data are compared lower-cased with absolute names.
Without it, :class:`AcceptAllVerifier` reports every record as published.

An SPF record is checked as mail receivers read it, not as text, because a name has one SPF
record whatever its senders (docs/spf-and-dmarc.md): an expected SPF record is published when
the name has exactly one SPF record and it holds every mechanism the vendor asked for, with any
``all`` and other senders' mechanisms beside. Several SPF records at a name fail, as they fail
at receivers (RFC 7208 §4.5).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Sequence
from typing import Literal, Protocol

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rdtypes.ANY.TXT

RecordStatus = Literal["valid", "invalid", "not_found"]


@dataclasses.dataclass(frozen=True)
class Expected:
    """A record that should be published: absolute ``fqdn``, ``rtype`` and RDATA text."""

    fqdn: str
    rtype: str
    value: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The result of checking one record; ``error`` explains any status but ``valid``."""

    status: RecordStatus
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "valid"


class Verifier(Protocol):
    """Checks expected records; one outcome per record, in order."""

    def check_all(self, expected: Sequence[Expected]) -> list[Outcome]: ...


class AcceptAllVerifier:
    """Every record counts as published (the emulator's default, without a DNS server)."""

    def check_all(self, expected: Sequence[Expected]) -> list[Outcome]:
        return [Outcome("valid") for _ in expected]


def parse_server(text: str) -> tuple[str, int]:
    """``HOST[:PORT]`` or ``[V6]:PORT`` → (IP address, port); port 53 when omitted."""
    host, port = text, 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port = int(rest.removeprefix(":"))
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        port = int(port_text)
    if not 0 < port < 65536:
        raise ValueError(f"port out of range in {text!r}")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        host = str(socket.getaddrinfo(host, port, proto=socket.IPPROTO_UDP)[0][4][0])
    return host, port


class DnsFailure(Exception):
    """The DNS server answered with an error rcode (SERVFAIL, REFUSED…)."""


class DnsVerifier:
    """Queries one DNS server directly (UDP, TCP when truncated)."""

    def __init__(self, host: str, port: int, timeout: float = 2.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def check_all(self, expected: Sequence[Expected]) -> list[Outcome]:
        return [self.check(item) for item in expected]

    def check(self, expected: Expected) -> Outcome:
        """Look ``expected`` up and compare what the server holds."""
        rtype = dns.rdatatype.from_text(expected.rtype)
        try:
            found = self._lookup(expected.fqdn, rtype)
        except (dns.exception.DNSException, DnsFailure, OSError) as exc:
            detail = str(exc) or type(exc).__name__
            return Outcome(
                "invalid", f"DNS query for {expected.rtype} {expected.fqdn} failed: {detail}"
            )
        if not found:
            return Outcome("not_found", f"no {expected.rtype} record found at {expected.fqdn}")
        if expected.rtype == "TXT" and _is_spf(expected.value):
            return _check_spf(expected, found)
        want = _normalize(expected.rtype, expected.value)
        if want in found:
            return Outcome("valid")
        shown = ", ".join(repr(_shorten(value)) for value in sorted(found))
        return Outcome(
            "invalid",
            f"{expected.rtype} record at {expected.fqdn} has {shown}; "
            f"expected {_shorten(expected.value)!r}",
        )

    def _lookup(self, fqdn: str, rtype: dns.rdatatype.RdataType) -> set[str]:
        """Normalized RDATA of type ``rtype`` answered for ``fqdn`` (follows CNAME chains)."""
        query = dns.message.make_query(dns.name.from_text(fqdn), rtype, use_edns=0, payload=4096)
        response, _ = dns.query.udp_with_fallback(
            query, self.host, timeout=self.timeout, port=self.port
        )
        rcode = response.rcode()
        if rcode == dns.rcode.NXDOMAIN:
            return set()
        if rcode != dns.rcode.NOERROR:
            raise DnsFailure(f"server answered {dns.rcode.to_text(rcode)}")
        type_text = dns.rdatatype.to_text(rtype)
        found: set[str] = set()
        for rrset in response.answer:
            if rrset.rdtype != rtype:
                continue
            for rdata in rrset:
                if isinstance(rdata, dns.rdtypes.ANY.TXT.TXT):
                    found.add(b"".join(rdata.strings).decode("utf-8", "replace"))
                else:
                    found.add(_normalize(type_text, rdata.to_text()))
        return found


def _is_spf(text: str) -> bool:
    return text.strip().lower() == "v=spf1" or text.strip().lower().startswith("v=spf1 ")


def _spf_mechanisms(text: str) -> set[str]:
    """The record's terms but ``all``, lower-case, without the default ``+`` qualifier."""
    terms = {term.lower().removeprefix("+") for term in text.split()[1:]}
    return {term for term in terms if term.lstrip("-~?") != "all"}


def _check_spf(expected: Expected, found: set[str]) -> Outcome:
    """One SPF record at the name, holding every mechanism the vendor asks for."""
    records = sorted(value for value in found if _is_spf(value))
    if len(records) != 1:
        what = "no SPF record" if not records else f"{len(records)} SPF records"
        return Outcome(
            "not_found" if not records else "invalid",
            f"{what} at {expected.fqdn} (a name needs exactly one, RFC 7208 §4.5); expected one "
            f"holding {' '.join(sorted(_spf_mechanisms(expected.value)))}",
        )
    missing = sorted(_spf_mechanisms(expected.value) - _spf_mechanisms(records[0]))
    if missing:
        return Outcome(
            "invalid",
            f"the SPF record at {expected.fqdn} ({_shorten(records[0])!r}) lacks "
            f"{' '.join(missing)}",
        )
    return Outcome("valid")


def _normalize(rtype: str, value: str) -> str:
    """Comparable form: TXT as is; other types lower-case with an absolute target name."""
    if rtype == "TXT":
        return value
    parts = value.lower().split()
    if parts and not parts[-1].endswith("."):
        parts[-1] += "."
    return " ".join(parts)


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
