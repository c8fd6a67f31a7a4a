"""The domain inventory (``domains.yaml``): its model, and validation before anything is registered.

The whole file is checked before the Pulumi program declares a single resource, so a wrong entry
stops the deployment with one message naming the entry (its index and name) and the field, and
never leaves a half-applied stack. ``python inventory.py [FILE]`` runs the same check locally.
"""

from __future__ import annotations

import os
import re
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, TypedDict

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from pulumi_mail_domains.dns.sender_policy import (
    DmarcSource,
    SenderDomain,
    SenderPolicyError,
    SpfSource,
    plan,
)
from pulumi_mail_domains.gitops.shards import MAX_SHARDS, Layout, Member, ShardError

DEFAULT_FILE = Path(__file__).with_name("domains.yaml")
FILE_ENV = "MAIL_DOMAINS_INVENTORY"
"""Environment variable naming another inventory file (tests and forks use it)."""

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NO_RECORDS = "none"


class InventoryError(ValueError):
    """The inventory is not valid; the message names every wrong entry and field."""


def _fqdn(value: str) -> str:
    """A lower-case domain name without trailing dot; ValueError if it is not one."""
    name = value.strip().rstrip(".").lower()
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValueError(f"{value!r} is not a valid domain name ({error})") from None
    labels = name.split(".")
    if len(labels) < 2 or len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"{value!r} is not a fully qualified domain name")
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DnsServer(_Strict):
    """An authoritative server taking RFC 2136 updates signed with a TSIG key.

    The TSIG secret is never in the inventory: it comes from the CI secret ``DNS_TSIG_SECRET``
    (or the stack config ``dns:tsigSecret``).
    """

    server: str = Field(description="host:port (port 53 when omitted)")
    tsig_key_name: str
    tsig_algorithm: str = "hmac-sha256"

    @field_validator("server")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, _, port = value.rpartition(":") if ":" in value else (value, "", "53")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{value!r} is not host or host:port")
        return value


class _Domain(_Strict):
    name: str = Field(description="the domain, fully qualified")
    zone: str | None = Field(default=None, description="DNS zone of the records; default: name")
    records: str = Field(
        default=_NO_RECORDS,
        description="a key of `dns_servers` to publish the records there, or `none`",
    )
    verify: bool = Field(default=False, description="wait until the vendor verifies the records")
    verify_timeout_seconds: int = Field(default=600, gt=0, le=3600)
    shard: int | None = Field(
        default=None, ge=0, description="the shard (stack) it belongs to; default: a stable hash"
    )
    spf: list[str] = Field(
        default_factory=list,
        description="your own SPF mechanisms for this name (ip4:..., include:...), merged with "
        "the vendors' into its one SPF record",
    )
    dmarc: str | None = Field(
        default=None, description="your DMARC record for this name (v=DMARC1; p=...)"
    )

    @field_validator("name", "zone")
    @classmethod
    def _domain_name(cls, value: str | None) -> str | None:
        return None if value is None else _fqdn(value)

    @model_validator(mode="after")
    def _zone_contains_name(self) -> _Domain:
        zone = self.dns_zone
        if self.name != zone and not self.name.endswith(f".{zone}"):
            raise ValueError(f"zone {zone!r} does not contain {self.name!r}")
        return self

    @property
    def dns_zone(self) -> str:
        return self.zone or self.name

    @property
    def publishes_records(self) -> bool:
        return self.records != _NO_RECORDS


class ScalewayDomain(_Domain):
    """A Scaleway Mailbox domain (``scaleway.MailboxDomain``)."""

    vendor: Literal["scaleway"]
    project_id: str | None = Field(
        default=None, description="Scaleway project UUID; default: SCW_DEFAULT_PROJECT_ID"
    )
    force_destroy: bool = False

    @field_validator("project_id")
    @classmethod
    def _uuid(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a UUID") from None


class FullHelpDomain(_Domain):
    """A FullHelp sending domain (``fullhelp.Domain``)."""

    vendor: Literal["fullhelp"]
    account_id: int | None = Field(
        default=None, gt=0, description="FullHelp account id; default: FULLHELP_ACCOUNT_ID"
    )


DomainEntry = Annotated[ScalewayDomain | FullHelpDomain, Field(discriminator="vendor")]


class Inventory(_Strict):
    """Every domain the stack manages. Removing an entry destroys its domain."""

    dns_servers: dict[str, DnsServer] = Field(default_factory=dict)
    shards: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SHARDS,
        description="split the domains into this many stacks, <stack>-shard-0...; default: one",
    )
    domains: list[DomainEntry]

    def layout(self, stack: str) -> Layout:
        """The stacks this inventory runs on, given the pipeline's stack name."""
        return Layout(stack, self.shards)

    def members(self) -> list[Member]:
        """The domains as the shard planner sees them."""
        return [
            Member(resource_name(d), d.vendor, d.name, d.shard, _where_entry(d, i))
            for i, d in enumerate(self.domains)
        ]


def resource_name(entry: ScalewayDomain | FullHelpDomain) -> str:
    """The Pulumi name of an entry's domain: stable when entries move around in the file."""
    return f"{entry.vendor}-{entry.name}"


def origin(entry: ScalewayDomain | FullHelpDomain) -> str:
    """How SPF and DMARC errors name an entry: ``entry scaleway-example.com``."""
    return f"entry {resource_name(entry)}"


class SenderPolicies(TypedDict):
    """The keyword arguments the merge takes for the entries' own records."""

    spf: list[SpfSource]
    dmarc: list[DmarcSource]


def sender_policies(
    entries: Sequence[ScalewayDomain | FullHelpDomain],
) -> SenderPolicies:
    """The entries' own SPF mechanisms and DMARC records, as the merge takes them."""
    return {
        "spf": [
            SpfSource(e.name, tuple(e.spf), f"the spf of {origin(e)}") for e in entries if e.spf
        ],
        "dmarc": [
            DmarcSource(e.name, e.dmarc, f"the dmarc of {origin(e)}") for e in entries if e.dmarc
        ],
    }


def _shared_names_share_a_shard(inventory: Inventory) -> list[str]:
    """Entries publishing one merged SPF record must be declared by the same stack."""
    targets = inventory.layout("stack").targets(inventory.members())
    by_name: dict[str, list[ScalewayDomain | FullHelpDomain]] = {}
    for entry in inventory.domains:
        if entry.publishes_records:
            by_name.setdefault(entry.name, []).append(entry)
    return [
        f"{', '.join(origin(e) for e in group)} share the name {name!r} and its one merged SPF "
        "record, but fall in different shards: give them the same shard key"
        for name, group in by_name.items()
        if len({targets[resource_name(e)] for e in group}) > 1
    ]


def _where_entry(entry: ScalewayDomain | FullHelpDomain, index: int) -> str:
    return f"entry {index} (name {entry.name!r})"


def _where(raw: Any, index: int) -> str:
    """``entry 2 (name 'a.example')``: how messages point at an entry of the file."""
    name = raw.get("name") if isinstance(raw, Mapping) else None
    return f"entry {index} (name {name!r})" if name else f"entry {index}"


def _describe(error: ErrorDetails, raw_domains: Sequence[Any]) -> str:
    loc = list(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if len(loc) >= 2 and loc[0] == "domains" and isinstance(loc[1], int):
        index = loc[1]
        raw = raw_domains[index] if index < len(raw_domains) else None
        # The discriminated union adds the vendor's tag to the path: not a field of the file.
        fields = [str(part) for part in loc[2:] if part not in ("scaleway", "fullhelp")]
        field = ".".join(fields) or "entry"
        return f"{_where(raw, index)}: field {field!r}: {message}"
    return f"{'.'.join(map(str, loc)) or 'file'}: {message}"


def _cross_checks(inventory: Inventory, raw_domains: Sequence[Any]) -> list[str]:
    """What no single entry shows: duplicates, unknown DNS servers, colliding record sets."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    published_at: dict[str, tuple[int, ScalewayDomain | FullHelpDomain]] = {}
    for index, entry in enumerate(inventory.domains):
        where = _where(raw_domains[index], index)
        key = resource_name(entry)
        if key in seen:
            problems.append(
                f"{where}: field 'name': {entry.vendor} domain {entry.name!r} "
                f"is already entry {seen[key]}"
            )
        seen.setdefault(key, index)
        if entry.publishes_records and entry.records not in inventory.dns_servers:
            known = ", ".join(sorted(inventory.dns_servers)) or "none defined"
            problems.append(
                f"{where}: field 'records': unknown DNS server {entry.records!r} "
                f"(dns_servers: {known}; or 'none')"
            )
        if entry.publishes_records:
            # Entries sharing a name publish one merged SPF record (sender_policies): to one
            # server and zone, or each would publish its own record set at that name.
            other = published_at.get(entry.name)
            if other is not None and (other[1].records, other[1].dns_zone) != (
                entry.records,
                entry.dns_zone,
            ):
                problems.append(
                    f"{where}: field 'records': {entry.name!r} is published by entry "
                    f"{other[0]} too, with records {other[1].records!r} in zone "
                    f"{other[1].dns_zone!r}; entries sharing a name publish one merged SPF "
                    "record, so give them the same records and zone"
                )
            published_at.setdefault(entry.name, (index, entry))
        elif entry.spf or entry.dmarc:
            problems.append(
                f"{where}: field {'spf' if entry.spf else 'dmarc'!r}: only records published "
                "here are merged; set records to a DNS server"
            )
    try:
        publishing = [e for e in inventory.domains if e.publishes_records]
        plan(
            [SenderDomain(e.vendor, e.name, origin=origin(e)) for e in publishing],
            **sender_policies(publishing),
        )
    except SenderPolicyError as error:
        problems.append(f"SPF/DMARC: {error}")
    return problems


def parse(data: Any, source: str = "inventory") -> Inventory:
    """Validate already-loaded YAML data; InventoryError naming every problem if it is wrong."""
    if not isinstance(data, Mapping):
        raise InventoryError(f"{source}: expected a mapping with a 'domains' list")
    raw_domains = data.get("domains")
    raw_list: Sequence[Any] = raw_domains if isinstance(raw_domains, list) else []
    try:
        inventory = Inventory.model_validate(data)
    except ValidationError as error:
        lines = [_describe(detail, raw_list) for detail in error.errors()]
        raise InventoryError(_report(source, lines)) from None
    problems = _cross_checks(inventory, raw_list)
    try:
        # The shard keys, and that entries sharing a name share a stack (which stack names the
        # pipeline uses does not matter here).
        problems.extend(_shared_names_share_a_shard(inventory))
    except ShardError as error:
        problems.extend(str(error).splitlines())
    if problems:
        raise InventoryError(_report(source, problems))
    return inventory


def _report(source: str, lines: Sequence[str]) -> str:
    count = f"{len(lines)} problem{'s' if len(lines) > 1 else ''}"
    return f"{source}: {count}, nothing was deployed:\n" + "\n".join(f"  {x}" for x in lines)


def load(path: Path | None = None) -> Inventory:
    """Read and validate the inventory (``$MAIL_DOMAINS_INVENTORY`` or ``domains.yaml``)."""
    path = path or Path(os.environ.get(FILE_ENV) or DEFAULT_FILE)
    try:
        data = yaml.safe_load(path.read_text())
    except OSError as error:
        raise InventoryError(f"{path}: cannot read the inventory ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise InventoryError(f"{path}: not valid YAML: {error}") from None
    return parse(data, source=str(path))


def main(argv: Sequence[str]) -> int:
    try:
        inventory = load(Path(argv[0]) if argv else None)
    except InventoryError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"inventory valid: {len(inventory.domains)} domains")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
