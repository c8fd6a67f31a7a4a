"""One SPF and one DMARC record per DNS name, whatever the vendors (docs/spf-and-dmarc.md).

Scaleway Mailbox asks for ``v=spf1 include:spf.mailbox.scw.eu -all`` at its domain's apex and
FullHelp for ``v=spf1 include:spf.fullhelp.com ~all`` at its own: with both on one name, and the
user's own senders besides, publishing each record as the vendor words it would give the name
several SPF records, a permanent error (RFC 7208 §4.5). Likewise a name has one DMARC policy
(RFC 7489 §6.6.3).

This module is plain logic (no Pulumi, no network): :func:`merge_spf` makes one SPF record of
several, :func:`merge_dmarc` one DMARC record, and :func:`plan` does both for a set of domains
from what each vendor documents (:data:`VENDORS`), so a program, the native plugin's
``mergeSenderPolicies`` function and the GitOps inventory can check a merge at preview, before
the domains exist and without one API call.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.core.record_sets import RecordSetKeys
from pulumi_mail_domains.core.records import quote_txt, split_txt, strip_dot
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

__all__ = [
    "ALL_QUALIFIERS",
    "LOOKUP_LIMIT",
    "VENDORS",
    "DmarcError",
    "DmarcRecord",
    "DmarcSource",
    "SenderDomain",
    "SenderPlan",
    "SenderPolicyError",
    "SpfError",
    "SpfRecord",
    "SpfSource",
    "Vendor",
    "is_dmarc",
    "is_spf",
    "merge_dmarc",
    "merge_spf",
    "parse_spf",
    "plan",
]

ALL_QUALIFIERS = ("-all", "~all", "?all")
"""The ``all`` terms a merged record may end with, strictest first (``+all`` is refused: it
would let every host on the Internet send as the name)."""

LOOKUP_LIMIT = 10
"""DNS-querying terms an SPF evaluation may need (RFC 7208 §4.6.4); more is a permerror."""

_LOOKUP_MECHANISMS = ("include", "a", "mx", "ptr", "exists")
_MECHANISMS = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists")
_NEEDS_DOMAIN = ("include", "exists")
_MODIFIER = re.compile(r"^([a-z][a-z0-9_.-]*)=(.*)$", re.IGNORECASE)
_MECHANISM = re.compile(r"^([+\-~?]?)([a-z0-9]+)(?:([:/])(.*))?$", re.IGNORECASE)


class SenderPolicyError(InvalidValueError):
    """SPF or DMARC records that cannot be merged into one per name; the message names the DNS
    names and the vendors (or the user's own policies) involved."""

    argument = "domains"
    """The input of the merge it concerns, for front ends that point at one."""


class SpfError(SenderPolicyError):
    """SPF records or mechanisms that cannot be merged."""

    argument = "spf"


class DmarcError(SenderPolicyError):
    """DMARC records that cannot be merged."""

    argument = "dmarc"


def is_spf(text: str) -> bool:
    """Whether TXT text is an SPF record (``v=spf1`` alone or followed by a space)."""
    head = text.strip().lower()
    return head == "v=spf1" or head.startswith("v=spf1 ")


def is_dmarc(text: str) -> bool:
    """Whether TXT text is a DMARC record (its first tag is ``v=DMARC1``)."""
    return text.strip().split(";", 1)[0].replace(" ", "").lower() == "v=dmarc1"


# --- SPF -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SpfSource:
    """SPF terms one party wants at ``name``: a vendor's record or the user's own mechanisms.

    ``origin`` is how errors name the party: ``Scaleway Mailbox domain example.com``.
    """

    name: str
    terms: tuple[str, ...]
    origin: str

    @classmethod
    def from_record(cls, name: str, text: str, origin: str) -> SpfSource:
        """The terms of an SPF record ``v=spf1 ...``; SenderPolicyError if it is not one."""
        if not is_spf(text):
            raise SpfError(f"{origin}: {text!r} at {strip_dot(name)} is not SPF")
        return cls(name, tuple(text.split()[1:]), origin)


@dataclasses.dataclass(frozen=True)
class TxtRecord:
    """A TXT record of one name, with its value as DNS services take it."""

    fqdn: str
    value: str
    """The record's text, unsplit."""

    @property
    def txt_chunks(self) -> list[str]:
        """The value in strings of at most 255 bytes (evaluators join them with no space)."""
        return split_txt(self.value)

    @property
    def content(self) -> str:
        """The zone-file RDATA: quoted strings of at most 255 bytes."""
        return quote_txt(self.txt_chunks)


@dataclasses.dataclass(frozen=True)
class SpfRecord(TxtRecord):
    """The merged SPF record of one name (``value``: ``v=spf1 ... -all``)."""

    lookups: int
    """The terms that cost a DNS lookup (includes' own lookups come on top, at evaluation)."""
    origins: tuple[str, ...]
    """Every party merged in, in order."""


@dataclasses.dataclass(frozen=True)
class _Term:
    text: str
    """Normalised: lower-case mechanism name, no ``+`` qualifier."""
    mechanism: str | None
    modifier: str | None
    qualifier: str


def parse_spf(term: str, origin: str, name: str) -> _Term:
    """One SPF term checked against RFC 7208 §4.6.1 / §5 / §6; SenderPolicyError otherwise."""
    where = f"{origin} at {strip_dot(name)}"
    modifier = _MODIFIER.match(term)
    if modifier:
        key, value = modifier.group(1).lower(), modifier.group(2)
        if key == "v":
            raise SpfError(f"{where}: {term!r} starts a record; give its terms only")
        if not value and key in ("redirect", "exp"):
            raise SpfError(f"{where}: {key}= needs a domain")
        return _Term(f"{key}={value}", None, key, "")
    match = _MECHANISM.match(term)
    if match is None or match.group(2).lower() not in _MECHANISMS:
        raise SpfError(
            f"{where}: {term!r} is not an SPF mechanism (known: {', '.join(_MECHANISMS)})"
        )
    qualifier, mechanism = match.group(1) or "+", match.group(2).lower()
    separator, argument = match.group(3) or "", match.group(4) or ""
    if mechanism in _NEEDS_DOMAIN and (separator != ":" or not argument):
        raise SpfError(f"{where}: {term!r} needs a domain ({mechanism}:example.com)")
    if mechanism in ("ip4", "ip6"):
        _check_network(mechanism, separator, argument, where, term)
    if mechanism == "all" and separator:
        raise SpfError(f"{where}: {term!r}: all takes no argument")
    prefix = "" if qualifier == "+" else qualifier
    return _Term(f"{prefix}{mechanism}{separator}{argument}", mechanism, None, qualifier)


def _check_network(mechanism: str, separator: str, argument: str, where: str, term: str) -> None:
    try:
        network = ipaddress.ip_network(argument, strict=False) if separator == ":" else None
    except ValueError:
        network = None
    if network is None or network.version != (4 if mechanism == "ip4" else 6):
        raise SpfError(f"{where}: {term!r} is not an {mechanism} network")


def merge_spf(
    name: str, sources: Sequence[SpfSource], all_qualifier: str | None = None
) -> SpfRecord:
    """One SPF record for ``name`` holding every source's mechanisms once.

    The record ends with one ``all``: ``all_qualifier`` when given (``-all``, ``~all`` or
    ``?all``), else the strictest of the sources' (``-all`` if none has one). Fails, naming
    ``name`` and the sources involved, when the result needs more than :data:`LOOKUP_LIMIT`
    lookups, or mixes modifiers that cannot be merged (two ``redirect=``/``exp=`` with
    different values, or a ``redirect=`` beside other sources: it replaces the whole record).
    """
    fqdn = strip_dot(name)
    if not sources:
        raise SpfError(f"no SPF record to merge at {fqdn}")
    if all_qualifier is not None and all_qualifier not in ALL_QUALIFIERS:
        raise SpfError(
            f"all_qualifier {all_qualifier!r} for {fqdn}: choose one of {', '.join(ALL_QUALIFIERS)}"
        )
    mechanisms: dict[str, tuple[_Term, str]] = {}
    modifiers: dict[str, tuple[_Term, str]] = {}
    qualifiers: list[str] = []
    for source in sources:
        for term in (parse_spf(raw, source.origin, fqdn) for raw in source.terms):
            if term.mechanism == "all":
                qualifiers.append(f"{'' if term.qualifier == '+' else term.qualifier}all")
            elif term.modifier is not None:
                _add_modifier(modifiers, term, source.origin, fqdn)
            else:
                mechanisms.setdefault(term.text.lower(), (term, source.origin))
    origins = tuple(dict.fromkeys(source.origin for source in sources))
    if "redirect" in modifiers and len(origins) > 1:
        raise SpfError(
            f"SPF at {fqdn}: {modifiers['redirect'][1]} uses {modifiers['redirect'][0].text}, "
            f"which replaces the whole record, so it cannot be merged with "
            f"{_and(o for o in origins if o != modifiers['redirect'][1])}"
        )
    chosen = all_qualifier or _strictest(qualifiers, fqdn, origins)
    terms = [term.text for term, _ in mechanisms.values()]
    if "redirect" not in modifiers:
        terms.append(chosen)
    terms += [term.text for term, _ in modifiers.values()]
    lookups = sum(t.mechanism in _LOOKUP_MECHANISMS for t, _ in mechanisms.values()) + (
        "redirect" in modifiers
    )
    if lookups > LOOKUP_LIMIT:
        raise _too_many_lookups(fqdn, lookups, origins, [*mechanisms.values(), *modifiers.values()])
    return SpfRecord(fqdn, " ".join(["v=spf1", *terms]), lookups, origins)


def _too_many_lookups(
    fqdn: str, lookups: int, origins: Sequence[str], terms: Sequence[tuple[_Term, str]]
) -> SpfError:
    """The error naming the name, every party and, by party, the terms that cost a lookup."""
    costly: dict[str, list[str]] = {}
    for term, origin in terms:
        if term.mechanism in _LOOKUP_MECHANISMS or term.modifier == "redirect":
            costly.setdefault(origin, []).append(term.text)
    listed = "; ".join(f"{origin}: {' '.join(texts)}" for origin, texts in costly.items())
    return SpfError(
        f"the merged SPF record at {fqdn} needs {lookups} DNS lookups, more than the "
        f"{LOOKUP_LIMIT} RFC 7208 §4.6.4 allows (receivers would fail every message with "
        f"permerror), merging {_and(origins)} ({listed}). Replace some include:, "
        "a, mx or exists terms by ip4:/ip6: networks, or move a sender to a subdomain"
    )


def _add_modifier(
    modifiers: dict[str, tuple[_Term, str]], term: _Term, origin: str, fqdn: str
) -> None:
    assert term.modifier is not None
    seen = modifiers.get(term.modifier)
    if seen is None:
        modifiers[term.modifier] = (term, origin)
    elif seen[0].text.lower() != term.text.lower():
        raise SpfError(
            f"SPF at {fqdn}: {seen[1]} has {seen[0].text} and {origin} has {term.text}; a record "
            f"holds one {term.modifier}= (RFC 7208 §6), so they cannot be merged"
        )


def _strictest(qualifiers: Sequence[str], fqdn: str, origins: Sequence[str]) -> str:
    known = [q for q in qualifiers if q in ALL_QUALIFIERS]
    if len(known) != len(qualifiers):
        raise SpfError(
            f"SPF at {fqdn} from {_and(origins)} ends with +all, which lets any host send as "
            f"{fqdn}; set all_qualifier to one of {', '.join(ALL_QUALIFIERS)}"
        )
    return min(known, key=ALL_QUALIFIERS.index) if known else ALL_QUALIFIERS[0]


def _and(items: Iterable[str]) -> str:
    listed = list(items)
    return ", ".join(listed[:-1]) + f" and {listed[-1]}" if len(listed) > 1 else "".join(listed)


# --- DMARC -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DmarcSource:
    """A DMARC record one party wants at ``name`` (the ``_dmarc.`` name itself)."""

    name: str
    record: str
    origin: str


@dataclasses.dataclass(frozen=True)
class DmarcRecord(TxtRecord):
    """The one DMARC record of a ``_dmarc.`` name."""

    origins: tuple[str, ...]


def _dmarc_tags(source: DmarcSource) -> list[tuple[str, str]]:
    """The record's tags (names lower-case); SenderPolicyError if it is not DMARC."""
    if not is_dmarc(source.record):
        raise DmarcError(
            f"{source.origin}: {source.record!r} for {strip_dot(source.name)} is not a DMARC "
            "record (it must start with v=DMARC1)"
        )
    tags: list[tuple[str, str]] = []
    for part in source.record.split(";"):
        key, equals, value = part.strip().partition("=")
        if not part.strip():
            continue
        if not equals:
            raise DmarcError(f"{source.origin}: {part.strip()!r} is not a DMARC tag")
        tags.append((key.strip().lower(), value.strip()))
    policy = dict(tags).get("p", "").lower()
    if len(tags) < 2 or tags[1][0] != "p" or policy not in ("none", "quarantine", "reject"):
        raise DmarcError(
            f"{source.origin}: {source.record!r} for {strip_dot(source.name)} needs p=none, "
            "p=quarantine or p=reject right after v=DMARC1 (RFC 7489 §6.4)"
        )
    return [("v", "DMARC1"), *tags[1:]]


def _compared(tags: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Tags as DMARC reads them: keyword values are case-insensitive, URIs are not."""
    return tuple(
        (k, v.lower() if k in ("p", "sp", "adkim", "aspf", "fo", "rf") else v) for k, v in tags
    )


def merge_dmarc(name: str, sources: Sequence[DmarcSource]) -> DmarcRecord:
    """The one DMARC record of ``name``: every source must ask for the same policy (the same
    tags, keyword values compared case-insensitively), else the error names both.

    Vendors verify the DMARC record they ask for, so a policy of the user's that differs from
    a vendor's at the same name is a conflict too, not an override.
    """
    fqdn = strip_dot(name)
    if not sources:
        raise DmarcError(f"no DMARC record to merge at {fqdn}")
    first, first_tags = sources[0], _dmarc_tags(sources[0])
    for other in sources[1:]:
        if _compared(_dmarc_tags(other)) != _compared(first_tags):
            raise DmarcError(
                f"two different DMARC policies for {fqdn}: {first.origin} asks for "
                f"{first.record!r} and {other.origin} for {other.record!r}; a name has one "
                "DMARC record (RFC 7489 §6.6.3): make them agree, or move one domain to "
                "another name"
            )
    value = "; ".join(f"{k}={v}" for k, v in first_tags)
    return DmarcRecord(fqdn, value, tuple(dict.fromkeys(s.origin for s in sources)))


# --- vendors and domains ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Vendor:
    """What a vendor documents about its SPF and DMARC records (docs/spf-and-dmarc.md).

    Attributes:
        key: how inputs name the vendor (``scaleway``, ``fullhelp``).
        title: how messages name it.
        spf: the SPF record it asks for at the domain's apex, as it words it.
        dmarc: the DMARC record it asks for at ``_dmarc.`` + the domain, if any.
        record_sets: which of its record keys share a record set.
        owners: the owner of a record key relative to the domain (``""``: the apex), where the
            vendor fixes it; records whose names vary (DKIM selectors) are not listed.
    """

    key: str
    title: str
    spf: str
    dmarc: str | None
    record_sets: tuple[RecordSetKeys, ...]
    owners: Mapping[str, str]
    spf_key: str = "spf"
    dmarc_key: str = "dmarc"

    def owner(self, key: str, domain: str) -> str | None:
        """The absolute name of record ``key`` of ``domain``, or None when it varies."""
        prefix = self.owners.get(key)
        if prefix is None:
            return None
        return f"{prefix}.{strip_dot(domain)}" if prefix else strip_dot(domain)


VENDORS: Mapping[str, Vendor] = {
    "scaleway": Vendor(
        key="scaleway",
        title="Scaleway Mailbox",
        # docs/vendor-apis.md §1.6: the records of every Scaleway Mailbox domain.
        spf="v=spf1 include:spf.mailbox.scw.eu -all",
        dmarc="v=DMARC1; p=none",
        record_sets=SCALEWAY_RECORD_SETS,
        owners={"domain_validation": "", "spf": "", "mx": "", "dmarc": "_dmarc"},
    ),
    "fullhelp": Vendor(
        key="fullhelp",
        title="FullHelp",
        # docs/vendor-apis.md part 3: SPF at the apex, and its value.
        spf="v=spf1 include:spf.fullhelp.com ~all",
        dmarc=None,
        record_sets=FULLHELP_RECORD_SETS,
        owners={"spf": ""},
    ),
}
"""Every vendor, by the key inputs name it with."""


@dataclasses.dataclass(frozen=True)
class SenderDomain:
    """One domain whose senders a merge covers.

    Attributes:
        vendor: a key of :data:`VENDORS`.
        name: the domain (Scaleway ``name``, FullHelp ``domain``): its SPF lives at this name.
        spf: the SPF record the vendor returned for it, when known; default: the documented one.
        dmarc: likewise for the vendor's DMARC record.
        origin: how errors name it; default ``<vendor title> domain <name>``.
    """

    vendor: str
    name: str
    spf: str | None = None
    dmarc: str | None = None
    origin: str = ""

    @property
    def described(self) -> Vendor:
        vendor = VENDORS.get(self.vendor)
        if vendor is None:
            raise SenderPolicyError(
                f"unknown vendor {self.vendor!r} for {self.name}; known: {', '.join(VENDORS)}"
            )
        return vendor

    @property
    def label(self) -> str:
        return self.origin or f"{self.described.title} domain {strip_dot(self.name)}"


@dataclasses.dataclass(frozen=True)
class SenderPlan:
    """The merged SPF and DMARC records of several domains, by absolute name."""

    spf: Mapping[str, SpfRecord]
    dmarc: Mapping[str, DmarcRecord]


def plan(
    domains: Sequence[SenderDomain],
    *,
    spf: Mapping[str, Sequence[str]] | Sequence[SpfSource] = (),
    dmarc: Mapping[str, str] | Sequence[DmarcSource] = (),
    all_qualifier: str | None = None,
) -> SenderPlan:
    """One SPF record per name the domains publish SPF at, one DMARC record per ``_dmarc.`` name.

    ``spf`` adds the user's own mechanisms (``ip4:192.0.2.0/24``, ``include:_spf.example.net``)
    to a domain's name; ``dmarc`` gives a domain's name the user's DMARC record (at ``_dmarc.`` +
    the name; it must agree with any the vendors ask for there). Either may be a mapping by
    domain name or a list of sources (which may name one name twice). Each name must be one of
    the domains'.
    """
    names = {strip_dot(d.name) for d in domains}
    spf_sources: dict[str, list[SpfSource]] = {}
    dmarc_sources: dict[str, list[DmarcSource]] = {}
    for domain in domains:
        vendor, name = domain.described, strip_dot(domain.name)
        spf_sources.setdefault(name, []).append(
            SpfSource.from_record(name, domain.spf or vendor.spf, domain.label)
        )
        record = domain.dmarc or vendor.dmarc
        if record is not None:
            dmarc_sources.setdefault(f"_dmarc.{name}", []).append(
                DmarcSource(f"_dmarc.{name}", record, domain.label)
            )
    for source in _user_spf(spf):
        spf_sources.setdefault(_known(source.name, names, "spf"), []).append(source)
    for chosen in _user_dmarc(dmarc):
        target = f"_dmarc.{_known(chosen.name, names, 'dmarc')}"
        dmarc_sources.setdefault(target, []).append(dataclasses.replace(chosen, name=target))
    return SenderPlan(
        spf={name: merge_spf(name, group, all_qualifier) for name, group in spf_sources.items()},
        dmarc={name: merge_dmarc(name, group) for name, group in dmarc_sources.items()},
    )


def _user_spf(spf: Mapping[str, Sequence[str]] | Sequence[SpfSource]) -> list[SpfSource]:
    if isinstance(spf, Mapping):
        return [
            SpfSource(name, _terms(terms, name), f"your SPF mechanisms for {strip_dot(name)}")
            for name, terms in spf.items()
        ]
    return list(spf)


def _terms(terms: Sequence[str] | str, name: str) -> tuple[str, ...]:
    if isinstance(terms, str):
        raise SpfError(
            f"spf for {strip_dot(name)}: give a list of mechanisms, not the string {terms!r}"
        )
    return tuple(terms)


def _user_dmarc(dmarc: Mapping[str, str] | Sequence[DmarcSource]) -> list[DmarcSource]:
    if isinstance(dmarc, Mapping):
        return [
            DmarcSource(name, record, f"your DMARC policy for {strip_dot(name)}")
            for name, record in dmarc.items()
        ]
    return list(dmarc)


def _known(name: str, names: set[str], what: str) -> str:
    fqdn = strip_dot(name)
    if fqdn not in names:
        raise (SpfError if what == "spf" else DmarcError)(
            f"{what} for {fqdn}: no domain of the merge is called so (the domains are "
            f"{', '.join(sorted(names)) or 'none'})"
        )
    return fqdn
