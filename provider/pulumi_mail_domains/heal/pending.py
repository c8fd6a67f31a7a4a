"""The pending operations of an exported deployment, and the state that resolves them.

Pure functions over ``pulumi stack export`` documents (version 3 deployments): what was in
flight when a run ended, when the stack last completed an update, and the deployment with
chosen pending creates moved into its resources or dropped.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "PendingCreate",
    "ids_in_state",
    "last_completed",
    "other_pending",
    "parse_time",
    "pending_creates",
    "provider_inputs",
    "resolved",
]

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclasses.dataclass(frozen=True)
class PendingCreate:
    """A create that was in flight: its URN, type, recorded inputs and provider reference."""

    urn: str
    type: str
    inputs: Mapping[str, Any]
    provider: str | None

    @property
    def name(self) -> str:
        """The resource's name in the program (the URN's last part)."""
        return self.urn.rsplit("::", 1)[-1]


def pending_creates(deployment: Mapping[str, Any]) -> list[PendingCreate]:
    """Every pending ``creating`` operation of ``deployment`` (the export's ``deployment``)."""
    found = []
    for operation in deployment.get("pending_operations") or []:
        if operation.get("type") != "creating":
            continue
        resource = operation.get("resource") or {}
        found.append(
            PendingCreate(
                urn=str(resource.get("urn", "")),
                type=str(resource.get("type", "")),
                inputs=resource.get("inputs") or {},
                provider=resource.get("provider") or None,
            )
        )
    return found


def other_pending(deployment: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The pending operations that are not creates, as ``(type, urn)``: the engine retries
    updates and deletes itself, since their resources are still in the state."""
    return [
        (str(op.get("type")), str((op.get("resource") or {}).get("urn", "")))
        for op in deployment.get("pending_operations") or []
        if op.get("type") != "creating"
    ]


def provider_inputs(deployment: Mapping[str, Any], reference: str | None) -> Mapping[str, Any]:
    """The inputs of the provider resource ``reference`` (``URN::ID``) names; {} if absent."""
    if not reference:
        return {}
    urn = reference.rsplit("::", 1)[0]
    for resource in deployment.get("resources") or []:
        if resource.get("urn") == urn:
            inputs: Mapping[str, Any] = resource.get("inputs") or {}
            return inputs
    return {}


def ids_in_state(deployment: Mapping[str, Any], type_: str) -> dict[str, str]:
    """The ids of the resources of ``type_`` in the state, with their URNs."""
    return {
        str(r["id"]): str(r["urn"])
        for r in deployment.get("resources") or []
        if r.get("type") == type_ and r.get("id")
    }


def last_completed(
    deployment: Mapping[str, Any], history: Iterable[Mapping[str, Any]]
) -> datetime.datetime | None:
    """A time before which nothing of the interrupted run happened.

    The end of the stack's last completed update, from ``pulumi stack history --json`` (an
    interrupted run records no history); for a stack never updated to the end, the creation of
    its stack resource, which a first run registers before anything else.
    """
    ends = [parse_time(entry.get("endTime")) for entry in history]
    known = [end for end in ends if end is not None]
    if known:
        return max(known)
    for resource in deployment.get("resources") or []:
        if resource.get("type") == STACK_TYPE:
            return parse_time(resource.get("created"))
    return None


def parse_time(value: object) -> datetime.datetime | None:
    """An RFC 3339 text (``Z`` or an offset) or Unix seconds as an aware datetime, else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def resolved(deployment: Mapping[str, Any], found: Mapping[str, str]) -> dict[str, Any]:
    """``deployment`` with the pending creates in ``found`` (URN → vendor id) moved into its
    resources, and no pending operation left (``pulumi stack import`` drops them all anyway).

    A moved resource keeps what the engine recorded (type, inputs, parent, provider,
    dependencies) and takes its inputs as provisional outputs: the refresh that follows reads
    the real ones from the vendor. It goes last, after everything it depends on.
    """
    result = copy.deepcopy(dict(deployment))
    moved = [
        {
            **resource,
            "custom": True,
            "id": found[resource["urn"]],
            "outputs": copy.deepcopy(resource.get("inputs") or {}),
        }
        for operation in result.get("pending_operations") or []
        if operation.get("type") == "creating"
        and (resource := operation.get("resource") or {}).get("urn") in found
    ]
    result["pending_operations"] = []
    result["resources"] = [*(result.get("resources") or []), *moved]
    return result
