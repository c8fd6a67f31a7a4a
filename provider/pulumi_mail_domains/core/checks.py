"""Input checking shared by every resource: unknowns, required values, names, ids, defaults.

A :class:`Checker` collects normalised inputs and a ``CheckFailure`` per wrong property, so
``check`` reports every problem at once, before any API call.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from typing import Any

from pulumi_mail_domains.core.domain_names import InvalidDomainName, is_within, normalize_domain
from pulumi_mail_domains.core.results import CheckFailure
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.core.unknowns import PROVIDER_KEY, is_unknown

__all__ = ["Checker"]


class Checker:
    """Collects normalised inputs and :class:`CheckFailure`s naming the property."""

    def __init__(self, spec: ResourceSpec, news: Mapping[str, Any]) -> None:
        self.spec = spec
        self.news = news
        self.inputs: dict[str, Any] = {k: v for k, v in news.items() if k != PROVIDER_KEY}
        self.failures: list[CheckFailure] = []

    def fail(self, prop: str, reason: str) -> None:
        self.failures.append(CheckFailure(prop, reason))

    def present(self, prop: str) -> bool:
        """Whether the input is set and known (unknowns are checked at update time)."""
        value = self.news.get(prop)
        return value is not None and not is_unknown(value)

    def domain(self, prop: str, *, required: bool = True) -> str | None:
        if not self.present(prop):
            if required and self.news.get(prop) is None:
                self.fail(prop, f"{prop} is required: give the domain name, e.g. example.com")
            return None
        value = self.news[prop]
        if not isinstance(value, str):
            self.fail(prop, f"{prop} must be a string, got {type(value).__name__}")
            return None
        try:
            normalized = normalize_domain(value)
        except InvalidDomainName as error:
            self.fail(prop, f"{prop} {value!r} is not a valid domain name: it {error}")
            return None
        self.inputs[prop] = normalized
        return normalized

    def zone(self, domain: str | None, *, domain_prop: str) -> None:
        """``zone`` defaults to the domain and must contain it."""
        if self.news.get("zone") is None:
            if domain is not None:
                self.inputs["zone"] = domain
            return
        zone = self.domain("zone")
        if zone is not None and domain is not None and not is_within(domain, zone):
            self.fail(
                "zone",
                f"zone {zone!r} does not contain {domain_prop} {domain!r}: the records of "
                f"{domain} cannot live in it (use {domain} or one of its parent zones)",
            )

    def uuid(self, prop: str, default: str | None, hint: str) -> None:
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None or value == "":
            if default is None:
                self.fail(prop, f"{prop} is required: {hint}")
                return
            value = default
        try:
            self.inputs[prop] = str(uuid.UUID(str(value)))
        except ValueError:
            self.fail(prop, f"{prop} {value!r} is not a UUID")

    def integer(self, prop: str, default: str | int | None = None, *, hint: str = "") -> None:
        """A positive integer; floats with an integral value and digit strings are accepted."""
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None or value == "":
            if default is None:
                self.fail(prop, f"{prop} is required{': ' + hint if hint else ''}")
                return
            value = default
        number = _as_int(value)
        if number is None or number <= 0:
            self.fail(prop, f"{prop} must be a positive integer, got {value!r}")
            return
        self.inputs[prop] = number

    def positive_number(self, prop: str) -> None:
        """A positive number of seconds; the spec's default when not set."""
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None:
            self.inputs[prop] = self.spec.property(prop).default
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value <= 0
        ):
            self.fail(prop, f"{prop} must be a positive number of seconds, got {value!r}")
            return
        self.inputs[prop] = int(value) if float(value).is_integer() else float(value)

    def boolean(self, prop: str) -> None:
        """True or false; the spec's default when not set."""
        value = self.news.get(prop)
        if is_unknown(value):
            return
        if value is None:
            self.inputs[prop] = self.spec.property(prop).default
        elif not isinstance(value, bool):
            self.fail(prop, f"{prop} must be true or false, got {value!r}")

    def string_list(self, prop: str) -> None:
        value = self.news.get(prop)
        if value is None or is_unknown(value):
            return
        if not isinstance(value, list):
            self.fail(prop, f"{prop} must be a list, got {type(value).__name__}")


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
