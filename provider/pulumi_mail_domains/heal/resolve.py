"""Deciding, for one pending create, what the vendor says about it."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Mapping
from typing import Any, Literal

from pulumi_mail_domains.core.behaviour import Behaviour, Configured, LocatingBehaviour
from pulumi_mail_domains.core.errors import MailDomainsError
from pulumi_mail_domains.core.lookup import AmbiguousMatchError
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.heal.pending import PendingCreate, parse_time
from pulumi_mail_domains.native.config import PACKAGE, ProviderConfig
from pulumi_mail_domains.native.resources import BEHAVIOURS

__all__ = ["DYNAMIC_PREFIX", "Outcome", "StackConfig", "behaviour_for", "resolve"]

DYNAMIC_PREFIX = "pulumi-python:dynamic/"
Action = Literal["found", "cleared", "left"]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What heal does about one pending create, and why (``found`` carries the vendor id)."""

    urn: str
    action: Action
    reason: str
    vendor_id: str | None = None


class StackConfig:
    """The stack's configuration (``pulumi config --json --show-secrets``) as the dynamic
    classes read it: ``get("scaleway:secretKey")``. ``repr`` never shows a value."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self._config = dict(config)

    def get(self, key: str) -> object:
        entry = self._config.get(key)
        return entry.get("value") if isinstance(entry, Mapping) else None

    def __repr__(self) -> str:
        return f"StackConfig(keys={sorted(self._config)})"


def behaviour_for(type_: str) -> type[Behaviour] | None:
    """The behaviour serving a state type: a native token or a dynamic resource's type."""
    for behaviour in BEHAVIOURS:
        spec = behaviour.spec
        if type_ in (spec.token(PACKAGE), f"{DYNAMIC_PREFIX}{spec.module}:{spec.name}"):
            return behaviour
    return None


def resolve(
    pending: PendingCreate,
    *,
    provider_inputs: Mapping[str, Any],
    stack_config: StackConfig,
    managed_ids: Mapping[str, str],
    since: datetime.datetime | None,
) -> Outcome:
    """Look ``pending`` up at the vendor and decide.

    ``provider_inputs`` are the (decrypted) inputs of a native resource's provider,
    ``stack_config`` what a dynamic resource reads; ``managed_ids`` the ids of this type
    already in the state; ``since`` a time before which nothing of the interrupted run happened.
    """
    behaviour_type = behaviour_for(pending.type)
    assert behaviour_type is not None, pending.type
    behaviour = behaviour_type()
    if not isinstance(behaviour, LocatingBehaviour):
        return Outcome(
            pending.urn, "cleared", "it makes nothing at the vendor: the next `up` runs it again"
        )
    native = not pending.type.startswith(DYNAMIC_PREFIX)
    config = (
        ProviderConfig.from_inputs({k: plain(v) for k, v in provider_inputs.items()})
        if native
        else stack_config
    )
    try:
        behaviour.configure(Configured(config))
        located = behaviour.locate(core_inputs(behaviour.spec, pending.inputs, native=native))
    except AmbiguousMatchError as error:
        return _left(pending, native, f"{error}: nothing tells which one it created")
    except MailDomainsError as error:
        return Outcome(
            pending.urn,
            "left",
            f"the vendor could not be read ({error}). Nothing was changed: fix that and run "
            "`mail-domains heal` again (a `pulumi up` before would drop the pending create)",
        )
    if located is None:
        return Outcome(
            pending.urn, "cleared", "the vendor does not hold it: the next `up` creates it"
        )
    owner = managed_ids.get(located.id)
    if owner is not None:
        return _left(pending, native, f"its match {located.id} is already in the state as {owner}")
    created = parse_time(located.created_at)
    if since is not None and created is not None and created < since:
        return _left(
            pending,
            native,
            f"its match {located.id} was created at {located.created_at}, before the stack's "
            f"last completed update ({since.isoformat(timespec='seconds')}): not by the "
            "interrupted run",
        )
    return Outcome(pending.urn, "found", f"found at the vendor as {located.id}", located.id)


def core_inputs(spec: ResourceSpec, inputs: Mapping[str, Any], *, native: bool) -> dict[str, Any]:
    """Recorded inputs as the core spells them: native ones are camelCase; dynamic ones carry
    the pickled provider, which is not an input."""
    if not native:
        return {k: v for k, v in inputs.items() if not k.startswith("__")}
    by_wire = spec.by_wire_name()
    return {(by_wire[k].name if k in by_wire else k): plain(v) for k, v in inputs.items()}


def plain(value: Any) -> Any:
    """A state value without its secret wrapper (as ``stack export --show-secrets`` writes it)."""
    if isinstance(value, Mapping) and "plaintext" in value:
        return json.loads(value["plaintext"])
    return value


def _left(pending: PendingCreate, native: bool, why: str) -> Outcome:
    if native:
        take_over = (
            f"`pulumi import {pending.type} {pending.name} ID` (ID: the vendor id or the name)"
        )
    else:
        take_over = "set adopt_existing=True on it for one `pulumi up`"
    return Outcome(
        pending.urn,
        "left",
        f"{why}. Nothing was changed. If this stack should manage it: `pulumi refresh "
        f"--clear-pending-creates --yes`, then {take_over}; if not, give the resource "
        "another name or remove the vendor's object yourself",
    )
