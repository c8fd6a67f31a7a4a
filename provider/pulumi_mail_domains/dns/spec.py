"""What a DNS record set is: its properties, documented once for both front ends."""

from __future__ import annotations

from pulumi_mail_domains.core.spec import ArrayOf, Property, ResourceSpec

DEFAULT_TTL = 3600
DEFAULT_TSIG_ALGORITHM = "hmac-sha256"

RECORD_SET = ResourceSpec(
    module="dns",
    name="RecordSet",
    description=(
        "One DNS record set (all records of one name and type) on an authoritative server.\n\n"
        "The record set is created, changed and deleted with RFC 2136 DNS UPDATE messages signed"
        " with TSIG, sent over TCP to `server`, and refreshed by querying that same server."
        " Creation fails rather than take over a record set that already exists. The TSIG secret"
        " comes from the provider's configuration (`dns:tsigSecret` in Python programs,"
        " `mail-domains:dnsTsigSecret` for the native plugin) or `DNS_TSIG_SECRET`, never from"
        " an input.\n\n"
        "Changing `zone`, `name`, `type` or `server` replaces the record set (on a new server it"
        " is created first, then deleted from the old one); other changes update it in place,"
        " atomically. `values` is compared as a set, so reordering it changes nothing."
    ),
    import_id=(
        "`SERVER_HOST:PORT/ZONE/FQDN/TYPE`, e.g."
        " `ns1.example.com:53/example.com/_dmarc.example.com/TXT`"
    ),
    properties=(
        Property(
            "zone",
            "string",
            "The DNS zone the record set lives in, e.g. `example.com`. Replaces on change.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "name",
            "string",
            "The owner name relative to `zone` (`www`, `_dmarc`, `selector._domainkey`), or `@`"
            " for the zone apex. Absolute names are rejected. Replaces on change.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "type",
            "string",
            "The record type: `A`, `AAAA`, `CAA`, `CNAME`, `DS`, `HTTPS`, `MX`, `NAPTR`, `NS`"
            " (below the apex), `PTR`, `SRV`, `SSHFP`, `SVCB`, `TLSA` or `TXT`. Replaces on"
            " change.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "values",
            ArrayOf("string"),
            "The RDATA of each record as a zone file writes it (`DnsRecord.content`): TXT quoted,"
            " e.g. `'\"v=spf1 -all\"'` (strings over 255 bytes are split for you), MX"
            " `10 mx.example.com.`, SRV `0 1 993 imap.example.com.`, CNAME `host.example.com.`."
            " Host names must end with a dot. A CNAME has exactly one value.",
            input=True,
            required=True,
        ),
        Property("ttl", "integer", "TTL in seconds.", input=True, default=DEFAULT_TTL),
        Property(
            "server",
            "string",
            "The authoritative server that accepts the updates: `host`, `host:port`,"
            " `[ipv6]:port` (default port 53). Its answers are also what refresh reads. Replaces"
            " on change.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "tsig_key_name",
            "string",
            "Name of the TSIG key the server accepts updates from. The secret is never an input:"
            " set it in the provider configuration or `DNS_TSIG_SECRET`.",
            input=True,
            required=True,
        ),
        Property(
            "tsig_algorithm",
            "string",
            "The key's HMAC algorithm: `hmac-sha256`, `hmac-sha512`, `hmac-sha384`,"
            " `hmac-sha224`, `hmac-sha1` or `hmac-md5`.",
            input=True,
            default=DEFAULT_TSIG_ALGORITHM,
        ),
        Property(
            "fqdn",
            "string",
            "Absolute name of the record set, without the trailing dot.",
            required=True,
        ),
    ),
)
