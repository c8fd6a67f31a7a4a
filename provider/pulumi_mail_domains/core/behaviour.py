"""The contract every resource's behaviour keeps, whichever front end serves it.

A behaviour is one class per resource with ``check``/``diff``/``create``/``read``/``update``/
``delete`` over plain snake_case dicts (an input not known yet is
:data:`~pulumi_mail_domains.core.unknowns.UNKNOWN` or ``pulumi.output.Unknown``), returning
:mod:`~pulumi_mail_domains.core.results` objects and raising the package's errors, plus
``import_seed`` for ``pulumi import``. It is configured once per provider process from a
:class:`ConfigSource`; it holds no state that would be pickled (the dynamic front end pickles
it by reference to its class).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pulumi_mail_domains.core.lookup import Located
from pulumi_mail_domains.core.results import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi_mail_domains.core.settings import ConfigSource
from pulumi_mail_domains.core.spec import ResourceSpec

__all__ = ["Behaviour", "ConfigureRequest", "Configured", "LocatingBehaviour"]


class ConfigureRequest(Protocol):
    """What ``configure`` receives: the dynamic host's request, or the native provider's."""

    @property
    def config(self) -> ConfigSource: ...


class Configured:
    """A ``ConfigureRequest`` over any configuration source (used by the native front end)."""

    def __init__(self, config: ConfigSource) -> None:
        self.config = config


class Behaviour(Protocol):
    """check/diff/create/read/update/delete/import of one resource."""

    spec: ResourceSpec
    serialize_as_secret_always: bool

    def configure(self, req: ConfigureRequest) -> None: ...

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult: ...

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult: ...

    def create(self, props: dict[str, Any]) -> CreateResult: ...

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult: ...

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult: ...

    def delete(self, id_: str, props: dict[str, Any]) -> None: ...

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """The resource id and the properties to ``read`` it with, for a ``pulumi import`` id;
        :class:`~pulumi_mail_domains.core.errors.InvalidIdError` if the id is malformed."""
        ...


@runtime_checkable
class LocatingBehaviour(Behaviour, Protocol):
    """A behaviour whose create makes something at the vendor (a domain, a record set), which
    can be found again from the create's inputs alone."""

    def locate(self, props: dict[str, Any]) -> Located | None:
        """What checked inputs ``props`` denote at the vendor (see
        :mod:`~pulumi_mail_domains.core.lookup`)."""
        ...
