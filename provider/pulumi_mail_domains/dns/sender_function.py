"""``mail-domains:dns:mergeSenderPolicies``: the SPF and DMARC merge as a provider function.

Pulumi YAML and the generated SDKs reach :func:`~pulumi_mail_domains.dns.sender_policy.plan`
through the native plugin with it. Its arguments name each domain by vendor and name only, so
they are known at preview and the merge is checked then, with no API call; a bad merge fails
the invoke, and with it the preview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_mail_domains.core.function_spec import FunctionSpec
from pulumi_mail_domains.core.spec import ArrayOf, ObjectType, Property
from pulumi_mail_domains.dns.sender_policy import (
    ALL_QUALIFIERS,
    VENDORS,
    DmarcSource,
    SenderDomain,
    SenderPolicyError,
    SpfSource,
    plan,
)

__all__ = ["MERGE_SENDER_POLICIES"]

_SENDER_DOMAIN = ObjectType(
    "SenderDomain",
    "A domain whose SPF and DMARC records the merge covers.",
    (
        Property(
            "vendor",
            "string",
            f"Its vendor: {', '.join(f'`{key}`' for key in VENDORS)}.",
            required=True,
        ),
        Property(
            "name",
            "string",
            "The domain (a Scaleway `name`, a FullHelp `domain`): its SPF record lives at this"
            " name, its DMARC record at `_dmarc.` + this name.",
            required=True,
        ),
        Property(
            "spf",
            "string",
            'The SPF record the vendor returned (`records["spf"].value`); default: the one it'
            " documents. Unknown until the domain exists, so giving it defers the check past"
            " preview.",
        ),
        Property(
            "dmarc",
            "string",
            "The DMARC record the vendor returned, likewise; default: the one it documents.",
        ),
    ),
)

_SPF_MECHANISMS = ObjectType(
    "SpfMechanisms",
    "SPF mechanisms of your own for one of the domains' names.",
    (
        Property("name", "string", "The domain name they are for.", required=True),
        Property(
            "mechanisms",
            ArrayOf("string"),
            "SPF terms without `v=spf1` or `all`: `ip4:192.0.2.0/24`, `include:_spf.example.net`,"
            " `mx`...",
            required=True,
        ),
    ),
)

_DMARC_POLICY = ObjectType(
    "DmarcPolicy",
    "A DMARC record of your own for one of the domains' names.",
    (
        Property(
            "name", "string", "The domain name (the record goes at `_dmarc.` + it).", required=True
        ),
        Property("record", "string", "The record: `v=DMARC1; p=...`.", required=True),
    ),
)

_POLICY_FIELDS = (
    Property(
        "fqdn",
        "string",
        "The absolute name the record goes at, without trailing dot.",
        required=True,
    ),
    Property("value", "string", "The record's text, unsplit.", required=True),
    Property(
        "txt_chunks",
        ArrayOf("string"),
        "The text in strings of at most 255 bytes, unquoted (evaluators join them).",
        required=True,
    ),
    Property(
        "content",
        "string",
        "The zone-file RDATA (quoted strings of at most 255 bytes), as `dns:RecordSet` values take"
        " it.",
        required=True,
    ),
    Property(
        "origins",
        ArrayOf("string"),
        "Every party merged in: vendors' domains, yours.",
        required=True,
    ),
)

_SPF_RECORD = ObjectType(
    "SpfRecord",
    "The one SPF record of a name.",
    (
        *_POLICY_FIELDS,
        Property(
            "lookups",
            "integer",
            "The terms that cost a DNS lookup (at most 10, RFC 7208 §4.6.4; each include's own"
            " lookups come on top when mail is checked).",
            required=True,
        ),
    ),
)

_DMARC_RECORD = ObjectType(
    "DmarcRecord", "The one DMARC record of a `_dmarc.` name.", _POLICY_FIELDS
)


def _call(arguments: Mapping[str, Any]) -> dict[str, Any]:
    domains = [
        SenderDomain(
            str(d.get("vendor")), str(d.get("name")), d.get("spf") or None, d.get("dmarc") or None
        )
        for d in _list(arguments, "domains")
    ]
    if not domains:
        raise SenderPolicyError("domains: give at least one domain")
    spf = [
        SpfSource(str(s["name"]), tuple(map(str, s.get("mechanisms") or ())), _origin("SPF", s))
        for s in _list(arguments, "spf")
    ]
    dmarc = [
        DmarcSource(str(d["name"]), str(d["record"]), _origin("DMARC", d))
        for d in _list(arguments, "dmarc")
    ]
    merged = plan(domains, spf=spf, dmarc=dmarc, all_qualifier=arguments.get("all_qualifier"))
    return {
        "spf": [
            {**_fields(r.fqdn, r.value, r.txt_chunks, r.content, r.origins), "lookups": r.lookups}
            for r in merged.spf.values()
        ],
        "dmarc": [
            _fields(r.fqdn, r.value, r.txt_chunks, r.content, r.origins)
            for r in merged.dmarc.values()
        ],
    }


def _list(arguments: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = arguments.get(name) or []
    if not isinstance(value, Sequence) or not all(isinstance(v, Mapping) for v in value):
        error = SenderPolicyError(f"{name}: expected a list of objects, got {value!r}")
        error.argument = name
        raise error
    return list(value)


def _origin(kind: str, entry: Mapping[str, Any]) -> str:
    return f"your {kind} {'mechanisms' if kind == 'SPF' else 'policy'} for {entry.get('name')}"


def _fields(
    fqdn: str, value: str, chunks: list[str], content: str, origins: Sequence[str]
) -> dict[str, Any]:
    return {
        "fqdn": fqdn,
        "value": value,
        "txt_chunks": chunks,
        "content": content,
        "origins": list(origins),
    }


MERGE_SENDER_POLICIES = FunctionSpec(
    module="dns",
    name="mergeSenderPolicies",
    description=(
        "One SPF record per name and one DMARC record per `_dmarc.` name for several domains"
        " (docs/spf-and-dmarc.md): every vendor's SPF mechanisms once, your own beside them, and"
        " one `all` (the strictest the vendors ask for, or `allQualifier`), split into strings of"
        " at most 255 bytes. Publish each result instead of the vendors' own SPF and DMARC"
        " records.\n\nThe vendors' records are taken as they document them, so the merge is"
        " checked at preview: it fails, naming the names and the vendors, when a record would"
        " need more than 10 DNS lookups (RFC 7208 §4.6.4), mixes modifiers that cannot be merged"
        " (two `redirect=` or `exp=`, a `redirect=` beside other senders), or when one name gets"
        " two different DMARC policies."
    ),
    arguments=(
        Property(
            "domains", ArrayOf(_SENDER_DOMAIN), "The domains, in order.", input=True, required=True
        ),
        Property("spf", ArrayOf(_SPF_MECHANISMS), "Your own SPF mechanisms, by name.", input=True),
        Property("dmarc", ArrayOf(_DMARC_POLICY), "Your own DMARC records, by name.", input=True),
        Property(
            "all_qualifier",
            "string",
            f"The `all` every merged SPF record ends with: {', '.join(ALL_QUALIFIERS)}; default:"
            " the strictest the records merged ask for.",
            input=True,
        ),
    ),
    results=(
        Property(
            "spf",
            ArrayOf(_SPF_RECORD),
            "One SPF record per name, in the order the names first appear in `domains`.",
            required=True,
        ),
        Property(
            "dmarc",
            ArrayOf(_DMARC_RECORD),
            "One DMARC record per `_dmarc.` name, in the same order.",
            required=True,
        ),
    ),
    call=_call,
)
"""The function the native plugin serves, and its schema."""
