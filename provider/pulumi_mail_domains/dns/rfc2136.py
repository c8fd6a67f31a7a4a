"""RFC 2136 transport: TSIG-signed DNS UPDATE messages and queries over TCP to one server.

Reads query the record set's own server, never the system resolver. The TSIG secret comes from
the provider's configuration (``dns:tsigSecret``, or the native provider's ``dnsTsigSecret``)
or else ``DNS_TSIG_SECRET``, and is read when the provider runs: never an input, an output or
part of the serialized provider.
"""

from __future__ import annotations

import binascii
import ipaddress
import socket

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

from pulumi_mail_domains.core.settings import ConfigSource
from pulumi_mail_domains.dns.errors import RecordSetError
from pulumi_mail_domains.dns.settings import TSIG_KEY_NAME, TSIG_SECRET
from pulumi_mail_domains.dns.validation import TSIG_ALGORITHMS, CheckedRecordSet

TIMEOUT_SECONDS = 5.0
# The configuration of this provider process. Kept at module level so that the provider
# object, which Pulumi pickles into state, holds nothing.
_configuration: dict[str, ConfigSource] = {}


def use_configuration(config: ConfigSource) -> None:
    """Read the TSIG settings from ``config`` (a dynamic provider's stack config or the native
    provider's configuration), then the environment, for this process."""
    _configuration["current"] = config


def configured_key_name() -> str | None:
    """The TSIG key name given to imported record sets (their import id does not name one)."""
    return TSIG_KEY_NAME.read(_configuration.get("current"))


def _tsig_key(spec: CheckedRecordSet) -> dns.tsig.Key:
    config = _configuration.get("current")
    secret = TSIG_SECRET.read(config)
    if not secret:
        raise RecordSetError(
            f"no TSIG secret for key {spec.tsig_key_name!r}: set it in "
            f"{TSIG_SECRET.where(config)} (a secret: `pulumi config set --secret`)"
        )
    try:
        key = dns.tsig.Key(spec.tsig_key_name, secret, TSIG_ALGORITHMS[spec.tsig_algorithm])
    except (binascii.Error, ValueError):
        raise RecordSetError(
            f"the TSIG secret from {TSIG_SECRET.where(config)} is not valid base64"
        ) from None
    return key


def _resolve(spec: CheckedRecordSet) -> str:
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


def _exchange(
    spec: CheckedRecordSet, message: dns.message.Message, action: str
) -> dns.message.Message:
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
            f"secret from {TSIG_SECRET.where(_configuration.get('current'))} does not match the "
            "server's secret for that key"
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


def _rcode_error(spec: CheckedRecordSet, rcode: dns.rcode.Rcode, action: str) -> RecordSetError:
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


def send_update(spec: CheckedRecordSet, update: dns.update.UpdateMessage, action: str) -> None:
    reply = _exchange(spec, update, action)
    if reply.rcode() != dns.rcode.NOERROR:
        raise _rcode_error(spec, reply.rcode(), action)


def new_update(spec: CheckedRecordSet) -> dns.update.UpdateMessage:
    return dns.update.UpdateMessage(spec.zone, keyring=_tsig_key(spec))


def query(spec: CheckedRecordSet, action: str) -> dns.rrset.RRset | None:
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


def write(spec: CheckedRecordSet, update: dns.update.UpdateMessage, action: str) -> None:
    """Send ``update`` and check that the server now holds exactly the requested record set."""
    send_update(spec, update, action)
    live = query(spec, action)
    wanted = set(spec.rdatas())
    if live is None or set(live) != wanted or live.ttl != spec.ttl:
        raise RecordSetError(
            f"{action}: DNS server {spec.server} accepted the update but does not serve the "
            f"requested {spec.type} record set at {spec.fqdn!r} (a CNAME and other records at "
            "the same name, or a server policy, can make it ignore an update)"
        )
