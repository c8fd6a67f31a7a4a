"""Typed descriptions of provider functions (Pulumi invokes), like resource specs are of resources.

A function is plain computation the native plugin answers without state: its arguments and
results are :class:`~pulumi_mail_domains.core.spec.Property` lists, from which the package
schema's ``functions`` entry and the wire translation are derived, and ``call`` maps checked
arguments (snake_case, plain values) to results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pulumi_mail_domains.core.spec import ObjectType, Property, ResourceSpec

__all__ = ["FunctionSpec"]


@dataclasses.dataclass(frozen=True)
class FunctionSpec:
    """One provider function.

    Attributes:
        module: the schema module (``dns``).
        name: the function name (``mergeSenderPolicies``), camelCase as Pulumi spells functions.
        description: Markdown for users.
        arguments: its inputs (``required`` ones must be given).
        results: what it returns (``required`` ones are always set).
        call: checked arguments → results; raises InvalidValueError for bad arguments.
    """

    module: str
    name: str
    description: str
    arguments: tuple[Property, ...]
    results: tuple[Property, ...]
    call: Callable[[Mapping[str, Any]], dict[str, Any]]

    def token(self, package: str) -> str:
        """The function token in ``package``: ``mail-domains:dns:mergeSenderPolicies``."""
        return f"{package}:{self.module}:{self.name}"

    @property
    def argument_spec(self) -> ResourceSpec:
        """The arguments as a spec the wire translation reads (it knows names and types)."""
        return ResourceSpec(self.module, self.name, self.description, self.arguments, "")

    @property
    def result_spec(self) -> ResourceSpec:
        """The results likewise."""
        return ResourceSpec(self.module, self.name, self.description, self.results, "")

    def walk(self) -> Iterator[ObjectType]:
        """Every object type the arguments and results use, once each."""
        seen: set[str] = set()
        for spec in (self.argument_spec, self.result_spec):
            for kind in spec.walk():
                if kind.name not in seen:
                    seen.add(kind.name)
                    yield kind
