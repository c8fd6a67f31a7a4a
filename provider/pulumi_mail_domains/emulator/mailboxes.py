"""Scaleway Mailbox v1alpha1 mailbox endpoints (``/mailbox/v1alpha1/mailboxes``).

Only what deleting a domain together with its mailboxes needs: ListMailboxes, GetMailbox and
DeleteMailbox. There is no create endpoint: mailboxes are made through the admin API
(``POST /_emulator/scaleway/domains/{id}/mailboxes`` ``{"count": N}``), named
``mailbox-<n>@<domain>``, in status ``ready`` on a monthly subscription.

Authentication and scoping are those of the domain endpoints: a mailbox whose domain belongs
to a project the token does not own answers 404, as if it did not exist; so does a
``domain_id`` filter naming such a domain (or an unknown one); a ``project_id`` filter naming
such a project answers 403 ``permissions_denied``. Lists default to ``created_at_desc`` (as the
SDKs), ``page_size`` 50 (at most 1000); ``search`` is a case-insensitive substring of ``email``.

Simplification of Scaleway's delayed deletion: the real API answers a DELETE with the mailbox in
``deletion_scheduled`` and a ``deletion_scheduled_at`` about ten minutes later, keeping it
restorable until then (apis.md 1.7). The emulator answers the same 200 body, but the mailbox
is gone at once: it no longer counts in its domain's ``mailbox_total_count`` (so the domain
can be deleted right away), lists skip it, and GET or a second DELETE answer 404 ``not_found``
with ``"resource": "mailbox"``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from pulumi_mail_domains.emulator import errors, schemas
from pulumi_mail_domains.emulator.deps import State
from pulumi_mail_domains.emulator.lifecycle import domain_phase
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
from pulumi_mail_domains.emulator.state import EmulatorState, rfc3339
from pulumi_mail_domains.emulator.store import ScwDomain, ScwMailbox

# What the real API shows: a monthly subscription, and deletion ten minutes after a DELETE.
SUBSCRIPTION_SECONDS = 30 * 24 * 3600
DELETION_DELAY_SECONDS = 600

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ScwError} for status in (400, 401, 403, 404, 429)
}

router = APIRouter(prefix=PREFIX, tags=["Scaleway Mailbox v1alpha1"], responses=_ERRORS)

MailboxId = Annotated[
    str,
    Path(pattern=UUID_PATTERN, description="ID of the mailbox (UUID format)."),
]


def _mailbox_body(mailbox: ScwMailbox, domain: ScwDomain) -> dict[str, Any]:
    deleted = mailbox.deleted_at
    return schemas.ScwMailbox(
        id=mailbox.id,
        project_id=domain.project_id,
        domain_id=mailbox.domain_id,
        email=mailbox.email,
        status="ready" if deleted is None else "deletion_scheduled",
        subscription_period="monthly",
        next_subscription_period="monthly" if deleted is None else "canceled",
        subscription_period_started_at=rfc3339(mailbox.created_at),
        next_subscription_period_starts_at=rfc3339(mailbox.created_at + SUBSCRIPTION_SECONDS),
        created_at=rfc3339(mailbox.created_at),
        updated_at=rfc3339(mailbox.updated_at),
        deletion_scheduled_at=None
        if deleted is None
        else rfc3339(deleted + DELETION_DELAY_SECONDS),
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
) -> tuple[ScwMailbox, ScwDomain]:
    mailbox = state.store.scw_mailbox_get(mailbox_id.lower())
    if mailbox is not None:
        domain = state.store.scw_get(mailbox.domain_id)
        if (
            domain is not None
            and domain.project_id in caller.projects
            and domain_phase(domain, state.now(), state.timings) is not None
        ):
            return mailbox, domain
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
    found = [
        mailbox
        for mailbox in state.store.scw_mailboxes(sorted(domains))
        if not search or search.lower() in mailbox.email
    ]
    if statuses and "ready" not in statuses:  # every listed mailbox is ready
        found = []
    field, _, direction = order_by.rpartition("_")
    sort_keys = {
        "created_at": lambda m: (m.created_at, m.id),
        "updated_at": lambda m: (m.updated_at, m.id),
        "email": lambda m: (m.email, m.id),
    }
    found.sort(key=sort_keys[field], reverse=direction == "desc")
    selected = found[(page - 1) * page_size :][:page_size]
    return page_response(
        "mailboxes", [_mailbox_body(m, domains[m.domain_id]) for m in selected], total=len(found)
    )


@router.get(
    "/mailboxes/{mailbox_id}",
    response_model=schemas.ScwMailbox,
    summary="Get a mailbox",
    operation_id="GetMailbox",
)
def get_mailbox(state: State, caller: Caller, mailbox_id: MailboxId) -> JSONResponse:
    mailbox, domain = _find_mailbox(state, caller, mailbox_id)
    return JSONResponse(_mailbox_body(mailbox, domain))


@router.delete(
    "/mailboxes/{mailbox_id}",
    response_model=schemas.ScwMailbox,
    summary="Delete a mailbox",
    operation_id="DeleteMailbox",
)
def delete_mailbox(state: State, caller: Caller, mailbox_id: MailboxId) -> JSONResponse:
    """Schedule the deletion (200, ``deletion_scheduled``); the mailbox is gone at once.

    A second DELETE answers 404 (see the module docstring).
    """
    mailbox, domain = _find_mailbox(state, caller, mailbox_id)
    deleted = state.store.scw_mailbox_delete(mailbox.id, state.now())
    if deleted is None:  # a concurrent DELETE won
        raise errors.scw_not_found("mailbox", mailbox_id)
    return JSONResponse(_mailbox_body(deleted, domain))
