"""Domain-name (and UUID) validation shared by both emulated APIs.

A valid name is a fully qualified host name: at least two labels, each 1..63 octets of
letters, digits and inner hyphens (LDH), at most 253 octets in all, a top-level label that is
not all digits (so IPv4 addresses are rejected). One trailing dot is accepted and dropped, the
name is lower-cased, and Unicode (IDN) names are converted to their A-label (``xn--``) form,
which is what the emulator stores and returns.
"""

from __future__ import annotations

import ipaddress
import re

import idna

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
MAX_NAME_LENGTH = 253
MAX_LABEL_LENGTH = 63

_LDH_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


class InvalidName(ValueError):
    """Why a name was refused: ``reason`` is ``required``, ``constraint`` or ``format``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def _show(text: str) -> str:
    """``text`` quoted for an error message, shortened when long."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


def normalize_domain(raw: str) -> str:
    """Return ``raw`` as a lower-case A-label FQDN without trailing dot, or raise InvalidName."""
    if raw == "":
        raise InvalidName("required", "the domain name must not be empty")
    if any(ch.isspace() for ch in raw):
        raise InvalidName("format", f"the domain name {_show(raw)} must not contain whitespace")
    if "*" in raw:
        raise InvalidName("format", f"wildcard names such as {_show(raw)} are not accepted")
    if _is_ip_address(raw):
        raise InvalidName("format", f"{_show(raw)} is an IP address, not a domain name")
    name = raw[:-1] if raw.endswith(".") else raw
    if not name.isascii():
        try:
            name = idna.uts46_remap(name, std3_rules=True, transitional=False)
        except idna.IDNAError as exc:
            raise InvalidName("format", f"{_show(raw)} is not a valid IDN name: {exc}") from None
    labels = name.split(".")
    if len(labels) < 2:
        raise InvalidName(
            "format", f"{_show(raw)} is not a fully qualified domain name (needs a dot)"
        )
    encoded = [_label(label, raw) for label in labels]
    if encoded[-1].isdigit():
        raise InvalidName("format", f"the top-level label of {_show(raw)} must not be all digits")
    result = ".".join(encoded)
    if len(result) > MAX_NAME_LENGTH:
        raise InvalidName(
            "constraint",
            f"the domain name is {len(result)} characters long; at most {MAX_NAME_LENGTH} allowed",
        )
    return result


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _label(label: str, raw: str) -> str:
    """One label in lower-case A-label form, or raise InvalidName."""
    if label == "":
        raise InvalidName("format", f"{_show(raw)} has an empty label (two dots in a row?)")
    if not label.isascii():
        try:
            label = idna.alabel(label).decode("ascii")
        except idna.IDNAError as exc:
            raise InvalidName(
                "format", f"label {_show(label)} of {_show(raw)} is not valid IDN: {exc}"
            ) from None
    label = label.lower()
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidName(
            "constraint",
            f"label {_show(label)} is {len(label)} characters long; "
            f"at most {MAX_LABEL_LENGTH} allowed",
        )
    if "_" in label:
        raise InvalidName(
            "format", f"label {_show(label)} contains '_', which host names do not allow"
        )
    if not _LDH_LABEL.match(label):
        raise InvalidName(
            "format",
            f"label {_show(label)} may only hold letters, digits and hyphens, "
            "and must not start or end with a hyphen",
        )
    if label.startswith("xn--"):
        try:
            idna.decode(label)
        except idna.IDNAError as exc:
            raise InvalidName(
                "format", f"label {_show(label)} is not a valid A-label: {exc}"
            ) from None
    return label


def split_registered_domain(name: str) -> tuple[str | None, str]:
    """Split a normalized name into (subdomain or None, registered domain).

    Uses the last two labels as the registered domain, or the last three under a few common
    two-level public suffixes (``co.uk``, ``com.au``…). The emulator has no full public
    suffix list; this is enough for FullHelp's ``subdomain`` field.
    """
    labels = name.split(".")
    size = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    if len(labels) <= size:
        return None, name
    return ".".join(labels[:-size]), ".".join(labels[-size:])


_TWO_LEVEL_SUFFIXES = frozenset(
    {
        "co.uk",
        "org.uk",
        "ac.uk",
        "gov.uk",
        "me.uk",
        "com.au",
        "net.au",
        "org.au",
        "co.nz",
        "co.jp",
        "ne.jp",
        "or.jp",
        "com.br",
        "co.za",
        "com.cn",
        "com.mx",
        "co.in",
        "com.tr",
    }
)
