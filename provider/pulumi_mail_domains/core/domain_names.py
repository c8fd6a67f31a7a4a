"""Domain-name normalisation and validation, done before any API call."""

from __future__ import annotations

import ipaddress
import re

import idna

MAX_NAME_LENGTH = 253
MAX_LABEL_LENGTH = 63
_LDH_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


class InvalidDomainName(ValueError):
    """The text is not a domain name the vendors accept; the message says why."""


def normalize_domain(raw: str) -> str:
    """Return the canonical form of a mail domain: lower-case A-labels, no trailing dot.

    Unicode names are converted to their A-label (``xn--``) form. Raises
    :class:`InvalidDomainName` with a reason a person can act on.
    """
    name = raw.strip()
    if name != raw:
        raise InvalidDomainName("must not contain leading or trailing spaces")
    name = name[:-1] if name.endswith(".") else name
    if not name:
        raise InvalidDomainName("must not be empty")
    if any(c.isspace() for c in name):
        raise InvalidDomainName("must not contain spaces")
    if "*" in name:
        raise InvalidDomainName("wildcards are not allowed: give the exact domain")
    if _is_ip_address(name):
        raise InvalidDomainName("must be a domain name, not an IP address")
    name = _to_a_labels(name)
    _check_labels(name)
    return name


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _to_a_labels(name: str) -> str:
    if name.isascii():
        return name.lower()
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise InvalidDomainName(f"is not a valid internationalised domain name ({error})") from None


def _check_labels(name: str) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidDomainName(f"is {len(name)} characters long; the maximum is {MAX_NAME_LENGTH}")
    labels = name.split(".")
    if len(labels) < 2:
        raise InvalidDomainName("must be a fully qualified name such as example.com")
    for label in labels:
        if not label:
            raise InvalidDomainName("must not contain empty labels (consecutive dots)")
        if len(label) > MAX_LABEL_LENGTH:
            raise InvalidDomainName(
                f"label {label[:20]}… is {len(label)} characters; the maximum is {MAX_LABEL_LENGTH}"
            )
        if "_" in label:
            raise InvalidDomainName(f"label {label!r} contains an underscore")
        if not _LDH_LABEL.match(label):
            raise InvalidDomainName(
                f"label {label!r} may only hold letters, digits and inner hyphens"
            )
        if label.startswith("xn--"):
            _check_a_label(label)
    if labels[-1].isdigit():
        raise InvalidDomainName("the top-level label must not be numeric")


def _check_a_label(label: str) -> None:
    """An ``xn--`` label must decode to a valid internationalised label (vendors check)."""
    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError) as error:
        raise InvalidDomainName(
            f"label {label!r} is not a valid internationalised (xn--) label ({error})"
        ) from None


def is_within(name: str, zone: str) -> bool:
    """Whether ``name`` equals ``zone`` or is below it (both normalised)."""
    return name == zone or name.endswith("." + zone)
