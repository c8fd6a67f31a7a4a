"""Typed descriptions of the resources: one :class:`ResourceSpec` per resource.

A spec names each property once (snake_case, as the Python API spells it), with its type, its
documentation and its role: input (required or not), output, replaced on change, secret. Both
front ends read it: the native plugin derives its schema (camelCase names, the package schema's
types) and its wire translation from it, the dynamic classes their initial property bag, and a
test holds the dynamic classes' typed signatures to it. Adding an output is one edit here.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pulumi_mail_domains.core.records import KnownRecords
from pulumi_mail_domains.core.results import DiffResult, diff_inputs

__all__ = [
    "DNS_RECORD",
    "VENDOR_TIMESTAMPS",
    "ArrayOf",
    "MapOf",
    "ObjectType",
    "Property",
    "PropertyType",
    "ResourceSpec",
    "camel_case",
    "record_outputs",
]

Scalar = Literal["string", "integer", "number", "boolean", "any"]


@dataclasses.dataclass(frozen=True)
class ArrayOf:
    """A list of ``items``."""

    items: PropertyType


@dataclasses.dataclass(frozen=True)
class MapOf:
    """A dict from free-form string keys (not property names) to ``values``."""

    values: PropertyType


@dataclasses.dataclass(frozen=True)
class ObjectType:
    """A named object type with its own properties (e.g. ``DnsRecord``)."""

    name: str
    description: str
    properties: tuple[Property, ...]


PropertyType = Scalar | ArrayOf | MapOf | ObjectType
"""What a property holds: a scalar name, a list, a map, or an object type."""


@dataclasses.dataclass(frozen=True)
class Property:
    """One property of a resource or object type.

    Attributes:
        name: the snake_case name of the Python API (``project_id``).
        type: what it holds.
        description: Markdown shown in the schema and the SDK docs.
        input: whether a program may set it.
        required: for an input: whether it must be given; for an output: whether it is always
            set once the resource exists.
        output: whether the resource reports it (inputs are echoed as outputs too).
        replace_on_change: a change replaces the resource instead of updating it.
        secret: the value is stored encrypted (provider configuration only: no resource input
            or output holds a credential).
        alternatives: other types an input also accepts (e.g. an id as string or integer).
        default: for an input: the value ``check`` gives it when it is not set (the docs say
            it); None when there is none or it depends on the provider's settings.
    """

    name: str
    type: PropertyType
    description: str
    input: bool = False
    required: bool = False
    output: bool = True
    replace_on_change: bool = False
    secret: bool = False
    alternatives: tuple[PropertyType, ...] = ()
    default: str | int | float | bool | None = None

    @property
    def wire_name(self) -> str:
        """The camelCase name of the package schema (``projectId``)."""
        return camel_case(self.name)

    @property
    def doc(self) -> str:
        """The description for users, the default included."""
        if self.default is None:
            return self.description
        return f"{self.description} Default: `{json.dumps(self.default)}`."


@dataclasses.dataclass(frozen=True)
class ResourceSpec:
    """Everything a front end needs to know about one resource, apart from its behaviour.

    Attributes:
        module: the schema module and Python subpackage (``scaleway``).
        name: the resource type name (``MailboxDomain``).
        description: Markdown for users.
        properties: every input and output.
        import_id: how ``pulumi import`` names an existing resource (Markdown).
        known_records: the records its vendor documents alike for every domain, which its
            stored records name by reference (a domain's; see ``core.records``).
    """

    module: str
    name: str
    description: str
    properties: tuple[Property, ...]
    import_id: str
    known_records: KnownRecords = dataclasses.field(default_factory=dict, compare=False)

    def token(self, package: str) -> str:
        """The type token in ``package``: ``mail-domains:scaleway:MailboxDomain``."""
        return f"{package}:{self.module}:{self.name}"

    @property
    def inputs(self) -> tuple[Property, ...]:
        return tuple(p for p in self.properties if p.input)

    @property
    def outputs(self) -> tuple[Property, ...]:
        return tuple(p for p in self.properties if p.output)

    @property
    def replacing(self) -> tuple[str, ...]:
        """The inputs whose change replaces the resource."""
        return tuple(p.name for p in self.inputs if p.replace_on_change)

    @property
    def integers(self) -> tuple[str, ...]:
        """The properties holding integers (the engine carries every number as a float)."""
        return tuple(p.name for p in self.properties if p.type == "integer")

    @property
    def presents_records(self) -> bool:
        """Whether the resource outputs a domain's records (stored once, presented in every
        view: ``records``, ``dns_records``, ``zone_file``)."""
        return any(p.type == MapOf(DNS_RECORD) for p in self.outputs)

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        """Checked inputs compared: a changed replacing input replaces, any other updates."""
        updating = [p.name for p in self.inputs if not p.replace_on_change]
        return diff_inputs(olds, news, replace=self.replacing, update=updating)

    def property(self, name: str) -> Property:
        """The property called ``name`` (snake_case)."""
        return next(p for p in self.properties if p.name == name)

    def by_wire_name(self) -> Mapping[str, Property]:
        """Properties by their camelCase name."""
        return {p.wire_name: p for p in self.properties}

    def initial_props(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The property bag a dynamic resource registers: the inputs, every output as None."""
        unknown = set(inputs) - {p.name for p in self.inputs}
        if unknown:
            raise TypeError(f"{self.name} has no input {sorted(unknown)[0]!r}")
        return {p.name: inputs.get(p.name) for p in self.properties}

    def walk(self) -> Iterator[ObjectType]:
        """Every object type the properties use, once each."""
        seen: set[str] = set()
        for prop in self.properties:
            for kind in _object_types(prop.type):
                if kind.name not in seen:
                    seen.add(kind.name)
                    yield kind


def _object_types(kind: PropertyType) -> Iterator[ObjectType]:
    if isinstance(kind, ObjectType):
        yield kind
    elif isinstance(kind, ArrayOf):
        yield from _object_types(kind.items)
    elif isinstance(kind, MapOf):
        yield from _object_types(kind.values)


def camel_case(name: str) -> str:
    """``mailbox_total_count`` → ``mailboxTotalCount``; ``pop3_url`` → ``pop3Url``."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


_RECORD_FIELDS: tuple[tuple[str, PropertyType, str, bool], ...] = (
    (
        "key",
        "string",
        "Stable id known before the domain exists. Scaleway: the API's record key (`dkim`, `spf`,"
        " `mx`, `dmarc`, `domain_validation`, `autoconfig`, `autodiscover`, `imap`, `pop3`,"
        " `submission`, `caldav`, `carddav`). FullHelp: the label lower-cased with"
        " non-alphanumerics as `_` (`dkim`, `spf`, `return_path`), `_2`, `_3`... when repeated.",
        True,
    ),
    ("label", "string", "The API's own name for the record.", True),
    ("level", "string", "`required`, `recommended` or `optional` (FullHelp: `required`).", True),
    ("type", "string", "`TXT`, `CNAME`, `MX` or `SRV` (upper case).", True),
    ("fqdn", "string", "Absolute name, without the trailing dot.", True),
    ("name", "string", "Name relative to `zone`, `@` for the zone apex.", True),
    ("zone", "string", "The zone `name` is relative to.", True),
    (
        "value",
        "string",
        "TXT: the text, unquoted and unsplit; CNAME/MX/SRV: the target host, no trailing dot.",
        True,
    ),
    ("priority", "integer", "MX and SRV priority; null for other types.", False),
    ("weight", "integer", "SRV weight; null for other types.", False),
    ("port", "integer", "SRV port; null for other types.", False),
    ("ttl", "integer", "TTL in seconds (3600 unless configured).", True),
    (
        "content",
        "string",
        "The RDATA as a zone file writes it: TXT quoted and split into strings of at most 255"
        " bytes, MX `10 host.`, SRV `0 1 993 host.`, CNAME `host.`.",
        True,
    ),
    (
        "txt_chunks",
        ArrayOf("string"),
        "TXT only: the pieces of at most 255 bytes, unquoted; null for other types.",
        False,
    ),
    (
        "verified",
        "boolean",
        "Whether the vendor found the record, as last reported by its API.",
        True,
    ),
    ("status", "string", "The API's per-record status, as text.", True),
    ("error", "string", "The API's error text for the record, or null.", False),
)

DNS_RECORD = ObjectType(
    name="DnsRecord",
    description=(
        "One DNS record a vendor asks for, shaped to plug straight into DNS-zone resources:"
        " `name` relative to `zone`, `content` as a zone file writes it, `value`, `priority`,"
        " `weight` and `port` split out for providers that want them apart."
    ),
    properties=tuple(
        Property(name, kind, text, required=required)
        for name, kind, text, required in _RECORD_FIELDS
    ),
)
"""The record objects of the ``dns_records`` and ``records`` outputs."""


VENDOR_TIMESTAMPS: tuple[Property, ...] = (
    Property(
        "created_at",
        "string",
        "When the vendor created the domain (RFC 3339, as the API reports it).",
        required=True,
    ),
    Property(
        "updated_at",
        "string",
        "When the vendor last changed the domain (RFC 3339, as the API reports it).",
        required=True,
    ),
)
"""The ``created_at`` and ``updated_at`` outputs of both vendors' domains."""


def record_outputs(order: str) -> tuple[Property, ...]:
    """A domain's ``dns_records``, ``records`` and ``zone_file`` outputs; ``order`` says how the
    vendor's ``dns_records`` list is ordered."""
    return (
        Property("dns_records", ArrayOf(DNS_RECORD), f"Every record, {order}.", required=True),
        Property("records", MapOf(DNS_RECORD), "The records by key.", required=True),
        Property("zone_file", "string", "Every record as BIND zone-file lines.", required=True),
        Property(
            "stored_records",
            MapOf("string"),
            "The records by key as the state keeps them, one line each: `LEVEL STATUS NAME [TTL]"
            " TYPE CONTENT` (the zone-file record, its name relative to the domain's name, after"
            " its level and status; a label, an error after a tab as JSON), or `=REFERENCE"
            " STATUS` for a record the vendor documents alike for every domain. The native provider"
            " sets them instead of `records`, `dnsRecords` and `zoneFile` when its `recordViews`"
            " setting is `stored`: pass them, `zone` and the domain's name to"
            " `mail-domains:index:recordViews` for every view.",
        ),
    )
