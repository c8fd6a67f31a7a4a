"""Scaleway Mailbox v1alpha1 mailbox endpoints (``/mailbox/v1alpha1/mailboxes``).

Only what deleting a domain together with its mailboxes needs: ListMailboxes, GetMailbox and
DeleteMailbox. There is no create endpoint: mailboxes are made through the admin API
(``POST /_emulator/scaleway/domains/{id}/mailboxes`` ``{"count": N}``), named
``mailbox-<n>@<domain>``.

Authentication and scoping are those of the domain endpoints: a mailbox whose domain belongs
to a project the token does not own answers 404, as if it did not exist; so does a
``domain_id`` filter naming such a domain (or an unknown one); a ``project_id`` filter naming
such a project answers 403 ``permissions_denied``. Lists default to ``created_at_desc`` (as the
SDKs), ``page_size`` 50 (at most 1000); ``search`` is a case-insensitive substring of ``email``.

Mailboxes follow the recorded live lifecycle (``lifecycle.mailbox_phase``): ``waiting_payment``
then ``ready``; a DELETE answers 200 with ``deletion_scheduled`` and ``deletion_scheduled_at``
(``--mailbox-deletion-delay-seconds`` later, 600 by default as live), and until then the mailbox
stays readable, listed with that status, and a second DELETE answers the same 200 again. A
mailbox whose deletion is scheduled no longer counts in its domain's ``mailbox_total_count``
(not recorded live: this project's choice); whether it still blocks deleting its domain is the
``--domain-delete-with-scheduled-mailboxes`` setting (see ``scaleway.delete_domain``). Bodies
carry ``project_id: ""`` and ``organization_id: ""``, as live.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from pulumi_mail_domains.emulator import errors, schemas
from pulumi_mail_domains.emulator.deps import State
from pulumi_mail_domains.emulator.lifecycle import (
    MailboxPhase,
    domain_phase,
    mailbox_phase,
    one_month_later,
)
from pulumi_mail_domains.emulator.names import UUID_PATTERN
from pulumi_mail_domains.emulator.scaleway import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    PREFIX,
    Caller,
    Principal,
    find_domain,
    listable_projects,
    page_response,
)
from pulumi_mail_domains.emulator.state import EmulatorState, rfc3339, rfc3339_seconds
from pulumi_mail_domains.emulator.store import ScwDomain, ScwMailbox

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ScwError} for status in (400, 401, 403, 404, 429)
}

router = APIRouter(prefix=PREFIX, tags=["Scaleway Mailbox v1alpha1"], responses=_ERRORS)

MailboxId = Annotated[
    str,
    Path(pattern=UUID_PATTERN, description="ID of the mailbox (UUID format)."),
]


def _mailbox_body(mailbox: ScwMailbox, phase: MailboxPhase) -> dict[str, Any]:
    started = phase.period_started_at
    scheduled = phase.deletion_scheduled_at
    return schemas.ScwMailbox(
        id=mailbox.id,
        # Live bodies leave the project (and organization) empty: the domain carries it.
        project_id="",
        domain_id=mailbox.domain_id,
        email=mailbox.email,
        status=phase.status,
        subscription_period=phase.subscription_period,
        next_subscription_period=phase.next_subscription_period,
        subscription_period_started_at=None if started is None else rfc3339_seconds(started),
        next_subscription_period_starts_at=None
        if started is None
        else rfc3339_seconds(one_month_later(started)),
        created_at=rfc3339(mailbox.created_at),
        updated_at=rfc3339(phase.updated_at),
        deletion_scheduled_at=None if scheduled is None else rfc3339(scheduled),
    ).model_dump()


def _live_domains(state: EmulatorState, projects: list[str]) -> dict[str, ScwDomain]:
    """The domains of these projects that exist now (deleting included), by id."""
    now = state.now()
    return {
        domain.id: domain
        for domain in state.store.scw_list(projects)
        if domain_phase(domain, now, state.timings) is not None
    }


def _find_mailbox(
    state: EmulatorState, caller: Principal, mailbox_id: str
) -> tuple[ScwMailbox, MailboxPhase]:
    """The caller's mailbox, deleted but not yet purged included; 404 otherwise."""
    mailbox = state.store.scw_mailbox_get(mailbox_id.lower())
    if mailbox is not None:
        domain = state.store.scw_get(mailbox.domain_id)
        now = state.now()
        phase = mailbox_phase(mailbox, now, state.timings)
        if (
            phase is not None
            and domain is not None
            and domain.project_id in caller.projects
            and domain_phase(domain, now, state.timings) is not None
        ):
            return mailbox, phase
    raise errors.scw_not_found("mailbox", mailbox_id)


@router.get(
    "/mailboxes",
    response_model=schemas.ScwListMailboxesResponse,
    summary="List mailboxes",
    operation_id="ListMailboxes",
)
def list_mailboxes(
    state: State,
    caller: Caller,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    order_by: Annotated[schemas.ListMailboxesOrderBy, Query()] = "created_at_desc",
    domain_id: Annotated[str | None, Query(pattern=UUID_PATTERN)] = None,
    project_id: Annotated[str | None, Query(pattern=UUID_PATTERN)] = None,
    search: Annotated[str | None, Query(max_length=1000)] = None,
    statuses: Annotated[list[schemas.MailboxStatus] | None, Query()] = None,
) -> JSONResponse:
    """Mailboxes of the token's projects (or of ``project_id``, or of ``domain_id``), paged."""
    projects = listable_projects(caller, project_id, "mailbox")
    if domain_id is not None:
        domain, _ = find_domain(state, caller, domain_id)
        domains = {domain.id: domain} if domain.project_id in projects else {}
    else:
        domains = _live_domains(state, projects)
    now = state.now()
    found: list[tuple[ScwMailbox, MailboxPhase]] = []
    for mailbox in state.store.scw_mailboxes(sorted(domains)):
        phase = mailbox_phase(mailbox, now, state.timings)
        if phase is None or (statuses and phase.status not in statuses):
            continue
        if search and search.lower() not in mailbox.email:
            continue
        found.append((mailbox, phase))
    field, _, direction = order_by.rpartition("_")
    sort_keys = {
        "created_at": lambda item: (item[0].created_at, item[0].id),
        "updated_at": lambda item: (item[1].updated_at, item[0].id),
        "email": lambda item: (item[0].email, item[0].id),
    }
    found.sort(key=sort_keys[field], reverse=direction == "desc")
    selected = found[(page - 1) * page_size :][:page_size]
    return page_response("mailboxes", [_mailbox_body(m, p) for m, p in selected], total=len(found))


@router.get(
    "/mailboxes/{mailbox_id}",
    response_model=schemas.ScwMailbox,
    summary="Get a mailbox",
    operation_id="GetMailbox",
)
def get_mailbox(state: State, caller: Caller, mailbox_id: MailboxId) -> JSONResponse:
    """The mailbox; one whose deletion is scheduled is still shown, until it is purged."""
    mailbox, phase = _find_mailbox(state, caller, mailbox_id)
    return JSONResponse(_mailbox_body(mailbox, phase))


@router.delete(
    "/mailboxes/{mailbox_id}",
    response_model=schemas.ScwMailbox,
    summary="Delete a mailbox",
    operation_id="DeleteMailbox",
)
def delete_mailbox(state: State, caller: Caller, mailbox_id: MailboxId) -> JSONResponse:
    """Schedule the deletion (200, ``deletion_scheduled``); again: the same 200 body."""
    mailbox, _ = _find_mailbox(state, caller, mailbox_id)
    now = state.now()
    deleted = state.store.scw_mailbox_delete(mailbox.id, now)
    phase = None if deleted is None else mailbox_phase(deleted, now, state.timings)
    if deleted is None or phase is None:  # its domain went meanwhile
        raise errors.scw_not_found("mailbox", mailbox_id)
    return JSONResponse(_mailbox_body(deleted, phase))
