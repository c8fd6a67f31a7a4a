"""The admin API under ``/_emulator`` (no authentication; loopback clients only).

- ``GET /_emulator/requests``: the request log, ``{"requests": [...]}``.
- ``GET|POST /_emulator/faults``: read or replace the fault knobs (see ``faults.py``).
- ``POST /_emulator/reset``: forget domains, request log, faults and rate-limit buckets.
- ``POST /_emulator/scaleway/domains/{id}/mailboxes`` ``{"count": N}``: give a domain
  exactly N mailboxes (not deleted): new ones (``mailbox-<n>@<domain>``, status ``ready``)
  are added, or the newest removed at once (not scheduled). They are real rows, listed and
  deletable through ``/mailbox/v1alpha1/mailboxes``, and follow the live lifecycle
  (``waiting_payment``, then ``ready``); a domain with mailboxes cannot be deleted.
- ``GET|POST /_emulator/scaleway/settings`` ``{"domain_delete_with_scheduled_mailboxes":
  "refuse"|"allow"}``: read or change what DeleteDomain does while mailboxes are
  ``deletion_scheduled`` (see ``scaleway.py``); a reset restores the command line's value.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from pulumi_mail_domains.emulator.deps import State
from pulumi_mail_domains.emulator.faults import FaultKnobs
from pulumi_mail_domains.emulator.names import UUID_PATTERN
from pulumi_mail_domains.emulator.state import (
    EmulatorState,
    FailedValidationStatus,
    ScheduledMailboxesPolicy,
)

router = APIRouter(prefix="/_emulator", tags=["Emulator admin"])


class MailboxCount(BaseModel):
    count: int = Field(ge=0, le=1_000_000)


class ScalewaySettings(BaseModel):
    """Run-time settings of the Scaleway API."""

    model_config = ConfigDict(extra="forbid")

    domain_delete_with_scheduled_mailboxes: ScheduledMailboxesPolicy | None = None
    failed_validation_status: FailedValidationStatus | None = None


@router.get("/requests", summary="The request log")
async def request_log(state: State) -> dict[str, list[dict[str, Any]]]:
    """Every request, oldest first: id, method, path, query, api, status, time (ISO 8601),
    timestamp (epoch seconds), duration_ms and fault (null, ``reset``, ``error``,
    ``rate_limited``, ``too_large`` or ``lost_response``). A reset connection logs status 0;
    a lost response logs the status the client never received."""
    return {"requests": state.log.entries()}


@router.get("/faults", summary="The current fault knobs")
async def get_faults(state: State) -> FaultKnobs:
    return state.faults.knobs


@router.post("/faults", summary="Replace the fault knobs")
async def set_faults(state: State, knobs: FaultKnobs) -> FaultKnobs:
    state.set_faults(knobs)
    return knobs


@router.post("/reset", summary="Forget everything")
def reset(state: State) -> dict[str, bool]:
    state.reset()
    return {"reset": True}


@router.post(
    "/scaleway/domains/{domain_id}/mailboxes", summary="Set a domain's number of mailboxes"
)
def set_mailboxes(
    state: State,
    domain_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    body: MailboxCount,
) -> dict[str, Any]:
    if not state.store.scw_set_mailboxes(domain_id.lower(), body.count, state.now()):
        raise HTTPException(404, f"no Scaleway domain {domain_id}")
    return {"id": domain_id.lower(), "mailbox_total_count": body.count}


@router.get("/scaleway/settings", summary="The Scaleway API's run-time settings")
async def get_scaleway_settings(state: State) -> ScalewaySettings:
    return _settings(state)


@router.post("/scaleway/settings", summary="Change the Scaleway API's run-time settings")
async def set_scaleway_settings(state: State, settings: ScalewaySettings) -> ScalewaySettings:
    """Settings left out of the body keep their current value."""
    if settings.domain_delete_with_scheduled_mailboxes is not None:
        state.scheduled_mailboxes_policy = settings.domain_delete_with_scheduled_mailboxes
    if settings.failed_validation_status is not None:
        state.failed_validation_status = settings.failed_validation_status
    return _settings(state)


def _settings(state: EmulatorState) -> ScalewaySettings:
    return ScalewaySettings(
        domain_delete_with_scheduled_mailboxes=state.scheduled_mailboxes_policy,
        failed_validation_status=state.failed_validation_status,
    )
