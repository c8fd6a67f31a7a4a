"""The dns resources as Pulumi dynamic resources for Python programs.

Generated from their specs by ``scripts/generate_dynamic.py`` (``make dynamic``): edit
the specs, not this file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.dns.record_set import RecordSetBehaviour
from pulumi_mail_domains.dynamic.base import SpecResource

__all__ = ["RecordSet", "RecordSetArgs"]


class _RecordSetRequiredArgs(TypedDict):
    zone: pulumi.Input[str]
    name: pulumi.Input[str]
    type: pulumi.Input[str]
    values: pulumi.Input[Sequence[pulumi.Input[str]]]
    server: pulumi.Input[str]
    tsig_key_name: pulumi.Input[str]


class RecordSetArgs(_RecordSetRequiredArgs, total=False):
    """The inputs ``RecordSet(name, **args)`` takes."""

    ttl: pulumi.Input[int]
    tsig_algorithm: pulumi.Input[str]


class RecordSet(SpecResource, module="dns", name="RecordSet"):
    """One DNS record set (all records of one name and type) on an authoritative server.

    The record set is created, changed and deleted with RFC 2136 DNS UPDATE messages signed
    with TSIG, sent over TCP to ``server``, and refreshed by querying that same server.
    Creation fails rather than take over a record set that already exists. The TSIG secret
    comes from the provider's configuration (``dns:tsigSecret`` in Python programs,
    ``mail-domains:dnsTsigSecret`` for the native plugin) or ``DNS_TSIG_SECRET``, never from
    an input.

    Changing ``zone``, ``name``, ``type`` or ``server`` replaces the record set (on a new
    server it is created first, then deleted from the old one); other changes update it in
    place, atomically. ``values`` is compared as a set, so reordering it changes nothing.
    """

    zone: pulumi.Output[str]
    """The DNS zone the record set lives in, e.g. ``example.com``. Replaces on change."""
    name: pulumi.Output[str]
    """The owner name relative to ``zone`` (``www``, ``_dmarc``, ``selector._domainkey``), or
    ``@`` for the zone apex. Absolute names are rejected. Replaces on change.
    """
    type: pulumi.Output[str]
    """The record type: ``A``, ``AAAA``, ``CAA``, ``CNAME``, ``DS``, ``HTTPS``, ``MX``,
    ``NAPTR``, ``NS`` (below the apex), ``PTR``, ``SRV``, ``SSHFP``, ``SVCB``, ``TLSA`` or
    ``TXT``. Replaces on change.
    """
    values: pulumi.Output[list[str]]
    """The RDATA of each record as a zone file writes it (``DnsRecord.content``): TXT quoted,
    e.g. ``'"v=spf1 -all"'`` (strings over 255 bytes are split for you), MX ``10
    mx.example.com.``, SRV ``0 1 993 imap.example.com.``, CNAME ``host.example.com.``. Host
    names must end with a dot. A CNAME has exactly one value.
    """
    ttl: pulumi.Output[int]
    """TTL in seconds."""
    server: pulumi.Output[str]
    """The authoritative server that accepts the updates: ``host``, ``host:port``,
    ``[ipv6]:port`` (default port 53). Its answers are also what refresh reads. Replaces on
    change.
    """
    tsig_key_name: pulumi.Output[str]
    """Name of the TSIG key the server accepts updates from. The secret is never an input: set it
    in the provider configuration or ``DNS_TSIG_SECRET``.
    """
    tsig_algorithm: pulumi.Output[str]
    """The key's HMAC algorithm: ``hmac-sha256``, ``hmac-sha512``, ``hmac-sha384``,
    ``hmac-sha224``, ``hmac-sha1`` or ``hmac-md5``.
    """
    fqdn: pulumi.Output[str]
    """Absolute name of the record set, without the trailing dot."""

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
        """Declare a RecordSet.

        :param resource_name: The Pulumi name of the resource.
        :param zone: The DNS zone the record set lives in, e.g. ``example.com``. Replaces on
            change.
        :param name: The owner name relative to ``zone`` (``www``, ``_dmarc``,
            ``selector._domainkey``), or ``@`` for the zone apex. Absolute names are rejected.
            Replaces on change.
        :param type: The record type: ``A``, ``AAAA``, ``CAA``, ``CNAME``, ``DS``, ``HTTPS``,
            ``MX``, ``NAPTR``, ``NS`` (below the apex), ``PTR``, ``SRV``, ``SSHFP``, ``SVCB``,
            ``TLSA`` or ``TXT``. Replaces on change.
        :param values: The RDATA of each record as a zone file writes it
            (``DnsRecord.content``): TXT quoted, e.g. ``'"v=spf1 -all"'`` (strings over 255
            bytes are split for you), MX ``10 mx.example.com.``, SRV ``0 1 993
            imap.example.com.``, CNAME ``host.example.com.``. Host names must end with a dot. A
            CNAME has exactly one value.
        :param ttl: TTL in seconds. Default: ``3600``.
        :param server: The authoritative server that accepts the updates: ``host``,
            ``host:port``, ``[ipv6]:port`` (default port 53). Its answers are also what refresh
            reads. Replaces on change.
        :param tsig_key_name: Name of the TSIG key the server accepts updates from. The secret
            is never an input: set it in the provider configuration or ``DNS_TSIG_SECRET``.
        :param tsig_algorithm: The key's HMAC algorithm: ``hmac-sha256``, ``hmac-sha512``,
            ``hmac-sha384``, ``hmac-sha224``, ``hmac-sha1`` or ``hmac-md5``. Default:
            ``"hmac-sha256"``.
        :param opts: Pulumi resource options.
        """
        inputs = {
            "zone": zone,
            "name": name,
            "type": type,
            "values": values,
            "ttl": ttl,
            "server": server,
            "tsig_key_name": tsig_key_name,
            "tsig_algorithm": tsig_algorithm,
        }
        behaviour = RecordSetBehaviour()
        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the
        # stackTrace the state keeps for each resource.
        provider, props = self._register_props(behaviour, inputs)
        Resource.__init__(self, provider, resource_name, props, opts)
        self._present(behaviour.spec)
