"""FullHelp domain endpoints (``/api/v1/accounts/{account_id}/domains``).

Authentication is ``Authorization: Bearer <token>``; each token may act on some accounts.
Bodies are accepted form-urlencoded, as multipart form data or as JSON. Successful bodies use
the ``{"data": ...}`` envelope; errors follow Laravel's defaults (docs/vendor-apis.md part 3).
"""

from __future__ import annotations

import dataclasses
import json
import math
import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from pulumi_mail_domains.emulator import errors, schemas
from pulumi_mail_domains.emulator.deps import MAX_INT64, State, is_json_media, media_type
from pulumi_mail_domains.emulator.names import (
    InvalidName,
    normalize_domain,
    split_registered_domain,
)
from pulumi_mail_domains.emulator.records import fullhelp_records, new_dkim_selector
from pulumi_mail_domains.emulator.state import EmulatorState, iso8601
from pulumi_mail_domains.emulator.store import FhDomain, FhRecord
from pulumi_mail_domains.emulator.verify import Expected

PREFIX = "/api/v1/accounts/{account_id}/domains"
DEFAULT_PER_PAGE = 15
MAX_PER_PAGE = 100

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.FhError} for status in (401, 403, 404, 422, 429)
}
_BODY_SCHEMA = schemas.FhDomainInput.model_json_schema()
_DOMAIN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": _BODY_SCHEMA},
            "application/json": {"schema": _BODY_SCHEMA},
        },
    }
}

router = APIRouter(prefix=PREFIX, tags=["FullHelp domains"], responses=_ERRORS)

_bearer = HTTPBearer(auto_error=False, description="FullHelp access token.")


@dataclasses.dataclass(frozen=True)
class Account:
    """The account a request acts on, already checked against the token."""

    id: int


async def _accounts(
    state: State, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]
) -> frozenset[int]:
    accounts = state.fullhelp_tokens.get(credentials.credentials) if credentials else None
    if accounts is None:
        raise errors.fh_unauthenticated()
    return accounts


async def account(
    accounts: Annotated[frozenset[int], Depends(_accounts)],
    account_id: Annotated[int, Path(ge=1, le=MAX_INT64, description="The account id.")],
) -> Account:
    if account_id not in accounts:
        raise errors.fh_forbidden()
    return Account(account_id)


async def fields(request: Request) -> dict[str, Any]:
    """The body's fields, parsed by content type; 422 (``errors.body``) when unreadable."""
    raw = await request.body()
    media = media_type(request)
    if not raw.strip() and media != "multipart/form-data":
        return {}
    try:
        if is_json_media(media) or (not media and raw.lstrip()[:1] in (b"{", b"[")):
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("the JSON body must be an object")
            return data
        if media in ("application/x-www-form-urlencoded", ""):
            pairs = urllib.parse.parse_qsl(
                raw.decode("utf-8"), keep_blank_values=True, errors="strict"
            )
            return dict(pairs)
        if media == "multipart/form-data":
            form = await request.form()
            return {
                key: value for key, value in form.multi_items() if not isinstance(value, UploadFile)
            }
    except (ValueError, RecursionError, MultiPartException, HTTPException) as exc:
        detail = getattr(exc, "detail", None) or str(exc) or type(exc).__name__
        raise errors.fh_validation(
            {"body": [f"The request body could not be read: {detail}"]}
        ) from None
    raise errors.fh_validation(
        {
            "body": [
                f"Unsupported content type {media!r}: send application/x-www-form-urlencoded, "
                "multipart/form-data or application/json."
            ]
        }
    )


CurrentAccount = Annotated[Account, Depends(account)]
Fields = Annotated[dict[str, Any], Depends(fields)]
DomainId = Annotated[int, Path(ge=1, le=MAX_INT64, description="The domain id.")]


def _domain_name(data: dict[str, Any]) -> str:
    """The validated ``domain`` field, or a 422."""
    value = data.get("domain")
    if value is None:
        raise errors.fh_validation({"domain": ["The domain field is required."]})
    if not isinstance(value, str):
        raise errors.fh_validation({"domain": ["The domain must be a string."]})
    try:
        return normalize_domain(value)
    except InvalidName as exc:
        if exc.reason == "required":
            raise errors.fh_validation({"domain": ["The domain field is required."]}) from None
        raise errors.fh_validation(
            {"domain": [f"The domain must be a valid domain name: {exc.message}."]}
        ) from None


def _new_records(state: EmulatorState) -> list[FhRecord]:
    return [
        FhRecord(spec.label, spec.type, spec.hostname, spec.value, verified=False)
        for spec in fullhelp_records(new_dkim_selector(), state.keys.take())
    ]


def _domain_body(domain: FhDomain) -> dict[str, Any]:
    subdomain, _ = split_registered_domain(domain.domain)
    return schemas.FhDomain(
        id=domain.id,
        account_id=domain.account_id,
        domain=domain.domain,
        subdomain=subdomain,
        verified=any(record.verified for record in domain.records),
        dns_records=[
            schemas.FhDnsRecord(
                label=r.label, type=r.type, hostname=r.hostname, value=r.value, verified=r.verified
            )
            for r in domain.records
        ],
        created_at=iso8601(domain.created_at),
        updated_at=iso8601(domain.updated_at),
    ).model_dump()


def _find(state: EmulatorState, owner: Account, domain_id: int) -> FhDomain:
    domain = state.store.fh_get(domain_id)
    if domain is None or domain.account_id != owner.id:
        raise errors.fh_not_found()
    return domain


_TAKEN = {"domain": ["The domain has already been taken."]}


@router.get(
    "",
    response_model=schemas.FhDomainPage,
    summary="List all domains",
    operation_id="fullhelp_list_domains",
)
def list_domains(
    state: State,
    owner: CurrentAccount,
    request: Request,
    page: Annotated[int, Query(ge=1, le=MAX_INT64)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = DEFAULT_PER_PAGE,
) -> JSONResponse:
    """The account's domains by id, Laravel-paginated (``page``, ``per_page``)."""
    domains = state.store.fh_list(owner.id)
    total = len(domains)
    last_page = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    shown = domains[start : start + per_page]
    path = str(request.url.replace(query=""))
    extra = f"&per_page={per_page}" if "per_page" in request.query_params else ""

    def link(number: int) -> str:
        return f"{path}?page={number}{extra}"

    meta = schemas.FhMeta(
        current_page=page,
        from_=start + 1 if shown else None,
        last_page=last_page,
        path=path,
        per_page=per_page,
        to=start + len(shown) if shown else None,
        total=total,
    )
    body = {
        "data": [_domain_body(domain) for domain in shown],
        "links": {
            "first": link(1),
            "last": link(last_page),
            "prev": link(page - 1) if 1 < page <= last_page + 1 else None,
            "next": link(page + 1) if page < last_page else None,
        },
        "meta": meta.model_dump(by_alias=True),
    }
    return JSONResponse(body)


@router.post(
    "",
    status_code=201,
    response_model=schemas.FhDomainEnvelope,
    summary="Create a domain",
    operation_id="fullhelp_create_domain",
    openapi_extra=_DOMAIN_BODY,
)
def create_domain(state: State, owner: CurrentAccount, data: Fields) -> JSONResponse:
    name = _domain_name(data)
    created = state.store.fh_insert(owner.id, name, _new_records(state), state.now())
    if created is None:
        raise errors.fh_validation(_TAKEN)
    return JSONResponse({"data": _domain_body(created)}, status_code=201)


@router.get(
    "/{domain_id}",
    response_model=schemas.FhDomainEnvelope,
    summary="Retrieve a domain",
    operation_id="fullhelp_get_domain",
)
def get_domain(state: State, owner: CurrentAccount, domain_id: DomainId) -> JSONResponse:
    return JSONResponse({"data": _domain_body(_find(state, owner, domain_id))})


@router.put(
    "/{domain_id}",
    response_model=schemas.FhDomainEnvelope,
    summary="Update a domain",
    operation_id="fullhelp_update_domain",
    openapi_extra=_DOMAIN_BODY,
)
def update_domain(
    state: State, owner: CurrentAccount, domain_id: DomainId, data: Fields
) -> JSONResponse:
    """Rename in place: same id, new records (new DKIM selector and key), not verified."""
    current = _find(state, owner, domain_id)
    name = _domain_name(data)
    now = state.now()
    if name == current.domain:
        updated = state.store.fh_touch(domain_id, now)
    else:
        updated = state.store.fh_rename(domain_id, name, _new_records(state), now)
        if updated is None:
            if state.store.fh_get(domain_id) is None:
                raise errors.fh_not_found()
            raise errors.fh_validation(_TAKEN)
    if updated is None:
        raise errors.fh_not_found()
    return JSONResponse({"data": _domain_body(updated)})


@router.delete(
    "/{domain_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a domain",
    operation_id="fullhelp_delete_domain",
)
def delete_domain(state: State, owner: CurrentAccount, domain_id: DomainId) -> Response:
    _find(state, owner, domain_id)
    if not state.store.fh_delete(domain_id):
        raise errors.fh_not_found()
    return Response(status_code=204)


@router.post(
    "/{domain_id}/verify-dns",
    response_model=schemas.FhDomainEnvelope,
    summary="Verify domain DNS records",
    operation_id="fullhelp_verify_dns",
)
def verify_dns(state: State, owner: CurrentAccount, domain_id: DomainId) -> JSONResponse:
    """Check every record now and store each record's ``verified`` flag."""
    domain = _find(state, owner, domain_id)
    outcomes = state.verifier.check_all(
        [
            Expected(
                domain.domain if r.hostname == "@" else f"{r.hostname}.{domain.domain}",
                r.type,
                r.value,
            )
            for r in domain.records
        ]
    )
    updated = state.store.fh_set_verified(domain_id, [o.ok for o in outcomes], state.now())
    if updated is None:
        raise errors.fh_not_found()
    return JSONResponse({"data": _domain_body(updated)})
