"""Scaleway Mailbox v1alpha1 domain endpoints (``/mailbox/v1alpha1``; mailboxes: ``mailboxes.py``).

Authentication is ``X-Auth-Token``; each token owns one or more projects. A domain of a
project the token does not own answers 404, as if it did not exist. Until a domain leaves
``creating``, GetDomainRecords answers an empty object (every record key is optional).
``mailbox_total_count`` counts the domain's mailboxes not deleted (one whose deletion is
scheduled no longer counts); while it is above zero, DeleteDomain answers 412
``precondition_failed`` (``resource_still_in_use``).

Whether DeleteDomain may proceed while mailboxes are ``deletion_scheduled`` (deleted, still
restorable, purged ``--mailbox-deletion-delay-seconds`` after their DELETE) was never recorded
live, so the emulator offers both answers (``--domain-delete-with-scheduled-mailboxes``, or
``POST /_emulator/scaleway/settings`` at run time):

- ``refuse`` (default): the same 412 ``resource_still_in_use`` until every such mailbox is
  purged; its ``help_message`` names the count and the last ``deletion_scheduled_at``. This is
  the stricter answer and the more plausible one: a scheduled mailbox can still be restored,
  which needs its domain.
- ``allow``: the domain is deleted, its scheduled mailboxes with it.

List responses carry ``total_count`` in the body only: live lists send no ``X-Total-Count``
header (docs/vendor-apis.md §1.12), and the official SDK would replace the integer with the
header's string.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader

from pulumi_mail_domains.emulator import errors, records, schemas
from pulumi_mail_domains.emulator.deps import State, is_json_media, media_type
from pulumi_mail_domains.emulator.lifecycle import Phase, domain_phase, mailbox_phase, record_phase
from pulumi_mail_domains.emulator.names import UUID_PATTERN, InvalidName, normalize_domain
from pulumi_mail_domains.emulator.state import EmulatorState, rfc3339
from pulumi_mail_domains.emulator.store import ScwDomain, ScwRecord
from pulumi_mail_domains.emulator.verify import Expected

PREFIX = "/mailbox/v1alpha1"
MAX_PAGE = 2**32 - 1
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000

_UUID = re.compile(UUID_PATTERN)
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ScwError} for status in (400, 401, 403, 404, 409, 412, 429)
}

router = APIRouter(prefix=PREFIX, tags=["Scaleway Mailbox v1alpha1"], responses=_ERRORS)

_api_key = APIKeyHeader(
    name="X-Auth-Token", auto_error=False, description="Scaleway secret key (a UUID)."
)


@dataclasses.dataclass(frozen=True)
class Principal:
    """The projects the request's token may act on."""

    projects: frozenset[str]


async def authenticate(state: State, token: Annotated[str | None, Security(_api_key)]) -> Principal:
    if not token:
        raise errors.scw_denied_authentication("unknown_method", "invalid_argument")
    projects = state.scaleway_tokens.get(token)
    if projects is None:
        reason = "not_found" if _UUID.match(token) else "invalid_argument"
        raise errors.scw_denied_authentication("api_key", reason)
    return Principal(projects)


Caller = Annotated[Principal, Depends(authenticate)]
DomainId = Annotated[
    str,
    Path(pattern=UUID_PATTERN, description="ID of the domain (UUID format)."),
]


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object body (``{}`` when empty); 400 ``invalid_arguments`` otherwise."""
    raw = await request.body()
    if not raw.strip():
        return {}
    media = media_type(request)
    if media and not is_json_media(media):
        raise errors.scw_invalid_arguments(
            [
                errors.scw_detail(
                    "body", "format", f"unsupported Content-Type {media!r}; send application/json"
                )
            ]
        )
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise errors.scw_invalid_arguments(
            [errors.scw_detail("body", "format", f"the body is not valid JSON: {exc}")]
        ) from None
    if not isinstance(data, dict):
        raise errors.scw_invalid_arguments(
            [errors.scw_detail("body", "format", "the body must be a JSON object")]
        )
    return data


Body = Annotated[dict[str, Any], Depends(json_body)]


def _domain_body(domain: ScwDomain, phase: Phase) -> dict[str, Any]:
    return schemas.ScwDomain(
        id=domain.id,
        project_id=domain.project_id,
        name=domain.name,
        status=phase.status,
        mailbox_total_count=domain.mailbox_count,
        webmail_url=records.SCW_WEBMAIL_URL,
        imap_url=records.SCW_IMAP_URL,
        pop3_url=records.SCW_POP3_URL,
        smtp_url=records.SCW_SMTP_URL,
        created_at=rfc3339(domain.created_at),
        updated_at=rfc3339(phase.since),
    ).model_dump()


def find_domain(state: EmulatorState, caller: Principal, domain_id: str) -> tuple[ScwDomain, Phase]:
    """The caller's domain with its current phase; 404 ``not_found`` otherwise."""
    domain = state.store.scw_get(domain_id.lower())
    if domain is not None and domain.project_id in caller.projects:
        phase = domain_phase(domain, state.now(), state.timings, state.failed_validation_status)
        if phase is not None:
            return domain, phase
    raise errors.scw_not_found("domain", domain_id)


@router.get(
    "/domains",
    response_model=schemas.ScwListDomainsResponse,
    summary="List domains",
    operation_id="ListDomains",
)
def list_domains(
    state: State,
    caller: Caller,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    order_by: Annotated[schemas.ListDomainsOrderBy, Query()] = "created_at_desc",
    project_id: Annotated[str | None, Query(pattern=UUID_PATTERN)] = None,
    search: Annotated[str | None, Query(max_length=1000)] = None,
    statuses: Annotated[list[schemas.DomainStatus] | None, Query()] = None,
) -> JSONResponse:
    """Domains of the token's projects (or of ``project_id``), filtered, sorted, paged."""
    projects = listable_projects(caller, project_id, "domain")
    now = state.now()
    found: list[tuple[ScwDomain, Phase]] = []
    for domain in state.store.scw_list(projects):
        phase = domain_phase(domain, now, state.timings, state.failed_validation_status)
        if phase is None or (statuses and phase.status not in statuses):
            continue
        if search and search.lower() not in domain.name:
            continue
        found.append((domain, phase))
    field, _, direction = order_by.rpartition("_")
    sort_keys = {
        "created_at": lambda item: (item[0].created_at, item[0].id),
        "updated_at": lambda item: (item[1].since, item[0].id),
        "name": lambda item: (item[0].name, item[0].id),
        "mailbox_total_count": lambda item: (item[0].mailbox_count, item[0].id),
    }
    found.sort(key=sort_keys[field], reverse=direction == "desc")
    return page_response(
        "domains",
        [_domain_body(d, p) for d, p in found[(page - 1) * page_size :][:page_size]],
        total=len(found),
    )


def listable_projects(caller: Principal, project_id: str | None, resource: str) -> list[str]:
    """Projects a list covers: ``project_id`` if given (403 if not the caller's), else all."""
    if project_id is None:
        return sorted(caller.projects)
    project_id = project_id.lower()
    if project_id not in caller.projects:
        raise errors.scw_permissions_denied(resource, "read")
    return [project_id]


def page_response(key: str, items: list[dict[str, Any]], *, total: int) -> JSONResponse:
    """A list page as Scaleway answers it: ``total_count`` and the items (no header)."""
    return JSONResponse({"total_count": total, key: items})


def _create_arguments(body: dict[str, Any]) -> tuple[str, str]:
    """(project_id, normalized name) from a CreateDomain body, or 400 with every problem."""
    details: list[dict[str, str]] = []
    project_id = body.get("project_id")
    if project_id is None:
        details.append(errors.scw_detail("project_id", "required", "project_id is required"))
    elif not isinstance(project_id, str) or not _UUID.match(project_id):
        message = f"project_id must be a UUID, got {errors.show(project_id)}"
        details.append(errors.scw_detail("project_id", "format", message))
    raw_name = body.get("name")
    name = ""
    if raw_name is None:
        details.append(errors.scw_detail("name", "required", "name is required"))
    elif not isinstance(raw_name, str):
        message = f"name must be a string, got {errors.show(raw_name)}"
        details.append(errors.scw_detail("name", "format", message))
    else:
        try:
            name = normalize_domain(raw_name)
        except InvalidName as exc:
            # An empty name breaks the 1..253 length rule of the API's validation.
            reason = "constraint" if exc.reason == "required" else exc.reason
            details.append(errors.scw_detail("name", reason, exc.message))
    if details or not isinstance(project_id, str):
        raise errors.scw_invalid_arguments(details)
    return project_id.lower(), name


@router.post(
    "/domains",
    response_model=schemas.ScwDomain,
    summary="Create a domain",
    operation_id="CreateDomain",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schemas.ScwCreateDomainRequest.model_json_schema()}
            },
        }
    },
)
def create_domain(state: State, caller: Caller, body: Body) -> JSONResponse:
    """Register a domain in a project; it starts in ``creating``."""
    project_id, name = _create_arguments(body)
    if project_id not in caller.projects:
        raise errors.scw_permissions_denied("domain", "write")
    now = state.now()
    state.store.scw_purge_deleted(now - state.timings.deleting)
    domain = ScwDomain(
        id=str(uuid.uuid4()),
        project_id=project_id,
        name=name,
        created_at=now,
        mailbox_count=0,
        validation_started_at=None,
        validation_ok=None,
        deleted_at=None,
    )
    specs = records.scaleway_records(name, str(uuid.uuid4()), state.keys.take())
    rows = [
        ScwRecord(
            id=str(uuid.uuid4()),
            domain_id=domain.id,
            key=spec.key,
            level=spec.level,
            dns_type=spec.dns_type,
            dns_name=spec.dns_name,
            dns_value=spec.dns_value,
            status="unknown_status",
            error=None,
            created_at=now,
            checked_at=None,
        )
        for spec in specs
    ]
    existing = state.store.scw_insert(domain, rows)
    if existing is not None:
        raise errors.scw_already_exists(
            "domain",
            existing.id,
            f"project {project_id} already has the domain {name} (id {existing.id})",
        )
    phase = domain_phase(domain, now, state.timings, state.failed_validation_status)
    assert phase is not None
    return JSONResponse(_domain_body(domain, phase))


@router.get(
    "/domains/{domain_id}",
    response_model=schemas.ScwDomain,
    summary="Get a domain",
    operation_id="GetDomain",
)
def get_domain(state: State, caller: Caller, domain_id: DomainId) -> JSONResponse:
    domain, phase = find_domain(state, caller, domain_id)
    return JSONResponse(_domain_body(domain, phase))


@router.delete(
    "/domains/{domain_id}",
    response_model=schemas.ScwDomain,
    summary="Delete a domain",
    operation_id="DeleteDomain",
)
def delete_domain(state: State, caller: Caller, domain_id: DomainId) -> JSONResponse:
    """Start deleting (200, ``deleting``); refused with 412 while the domain has mailboxes
    (and, under ``refuse``, mailboxes scheduled for deletion: see the module docstring).

    Deleting a domain already being deleted answers the same 200 again.
    """
    domain, _ = find_domain(state, caller, domain_id)
    now = state.now()
    if domain.deleted_at is None:
        _check_no_mailboxes(state, domain, now)
    state.store.scw_purge_deleted(now - state.timings.deleting)
    state.store.scw_mark_deleted(domain.id, now)
    since = now if domain.deleted_at is None else domain.deleted_at
    return JSONResponse(_domain_body(domain, Phase("deleting", since)))


def _check_no_mailboxes(state: EmulatorState, domain: ScwDomain, now: float) -> None:
    """412 ``resource_still_in_use`` while mailboxes keep the domain from being deleted."""
    if domain.mailbox_count > 0:
        raise errors.scw_precondition_failed(
            "resource_still_in_use",
            f"the domain still has {domain.mailbox_count} mailbox(es); delete them first",
        )
    if state.scheduled_mailboxes_policy == "allow":
        return
    purges = [
        phase.deletion_scheduled_at
        for mailbox in state.store.scw_mailboxes([domain.id])
        if (phase := mailbox_phase(mailbox, now, state.timings)) is not None
        and phase.deletion_scheduled_at is not None
    ]
    if purges:
        raise errors.scw_precondition_failed(
            "resource_still_in_use",
            f"the domain still has {len(purges)} mailbox(es) scheduled for deletion; "
            f"retry once they are deleted (at {rfc3339(max(purges))})",
        )


@router.get(
    "/domains/{domain_id}/records",
    response_model=schemas.ScwGetDomainRecordsResponse,
    response_model_exclude_none=True,
    summary="Get the DNS records of a domain",
    operation_id="GetDomainRecords",
)
def get_domain_records(state: State, caller: Caller, domain_id: DomainId) -> JSONResponse:
    domain, phase = find_domain(state, caller, domain_id)
    if phase.status == "creating":
        return JSONResponse({})
    now = state.now()
    body: dict[str, Any] = {}
    for record in state.store.scw_records(domain.id):
        shown = record_phase(record, domain, now, state.timings)
        body[record.key] = schemas.ScwDomainRecord(
            id=record.id,
            domain_id=record.domain_id,
            status=shown.status,
            level=record.level,
            dns_type=record.dns_type,
            dns_name=record.dns_name,
            dns_value=record.dns_value,
            error=None if shown.status in ("valid", "validating") else record.error,
            created_at=rfc3339(record.created_at),
            updated_at=rfc3339(shown.since),
        ).model_dump(exclude_none=True)
    return JSONResponse(body)


@router.post(
    "/domains/{domain_id}/validate-records",
    status_code=204,
    response_class=Response,
    summary="Trigger the validation of the DNS records",
    operation_id="ValidateDomainRecords",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}
    },
)
def validate_domain_records(
    state: State, caller: Caller, domain_id: DomainId, _body: Body
) -> Response:
    """Check every record now; the outcome shows once ``validating`` is over.

    Answers 409 ``transient_state`` while the domain is being created or deleted, and does
    nothing for a domain already validating, provisioning or ready.
    """
    domain, phase = find_domain(state, caller, domain_id)
    if phase.status in ("creating", "deleting"):
        raise errors.scw_transient_state("domain", domain_id, phase.status)
    if phase.status in ("waiting_validation", "validation_failed"):
        stored = state.store.scw_records(domain.id)
        outcomes = state.verifier.check_all(
            [
                Expected(
                    record.dns_name,
                    record.dns_type.removesuffix("_dns_type").upper(),
                    record.dns_value,
                )
                for record in stored
            ]
        )
        ok = all(o.ok for r, o in zip(stored, outcomes, strict=True) if r.level == "required")
        state.store.scw_record_validation(
            domain.id,
            state.now(),
            ok,
            {r.key: (o.status, o.error) for r, o in zip(stored, outcomes, strict=True)},
        )
    return Response(status_code=204, media_type="application/json")
