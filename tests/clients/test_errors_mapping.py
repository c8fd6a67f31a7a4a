"""Error mapping from the vendors' error bodies (samples from docs/vendor-apis.md), without HTTP."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    EndpointNotFoundError,
    ErrorContext,
    InvalidArgumentsError,
    MailDomainsError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    QuotaExceededError,
    RateLimitedError,
    ServerError,
)
from pulumi_mail_domains.fullhelp.errors import FULLHELP, map_fullhelp_error
from pulumi_mail_domains.scaleway.errors import SCALEWAY, map_scaleway_error

URL = "https://api.scaleway.com/mailbox/v1alpha1/domains/d1"


def ctx(status: int, body: Any = None, text: str = "", **kw: Any) -> ErrorContext:
    return ErrorContext(status_code=status, method="GET", url=URL, body=body, text=text, **kw)


def test_scaleway_not_found_names_the_resource() -> None:
    body = {
        "message": "resource is not found",
        "resource": "domain",
        "resource_id": "d1",
        "type": "not_found",
    }
    error = map_scaleway_error(ctx(404, body, request_id="req-1"))
    assert isinstance(error, NotFoundError)
    assert (error.resource, error.resource_id, error.code) == ("domain", "d1", "not_found")
    assert str(error) == (
        f"Scaleway Mailbox API: domain d1 not found (HTTP 404, GET {URL}, request id req-1)"
    )


def test_scaleway_invalid_arguments_lists_every_field() -> None:
    body = {
        "details": [
            {"argument_name": "name", "reason": "format", "help_message": "must be an FQDN"},
            {"argument_name": "project_id", "reason": "required"},
        ],
        "message": "invalid argument(s)",
        "type": "invalid_arguments",
    }
    error = map_scaleway_error(ctx(400, body))
    assert isinstance(error, InvalidArgumentsError)
    assert error.fields == {"name": ["must be an FQDN (format)"], "project_id": ["required"]}
    assert "name: must be an FQDN (format); project_id: required" in str(error)


def test_scaleway_legacy_validation_error_fields() -> None:
    body = {
        "message": "Validation Error",
        "fields": {"name": ["too long"]},
        "type": "invalid_request_error",
    }
    error = map_scaleway_error(ctx(400, body))
    assert isinstance(error, InvalidArgumentsError)
    assert error.fields == {"name": ["too long"]}


def test_scaleway_already_exists_carries_existing_id() -> None:
    body = {
        "type": "already_exists",
        "resource": "domain",
        "resource_id": "existing-uuid",
        "message": "resource already exists",
        "help_message": "pick another name",
    }
    error = map_scaleway_error(ctx(409, body))
    assert isinstance(error, AlreadyExistsError)
    assert isinstance(error, ConflictError)
    assert error.existing_id == "existing-uuid"
    assert "pick another name" in str(error)


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, {"type": "denied_authentication", "method": "api_key"}, AuthenticationError),
        (
            403,
            {"type": "permissions_denied", "details": [{"action": "read"}]},
            PermissionDeniedError,
        ),
        (409, {"type": "transient_state", "current_state": "deleting"}, ConflictError),
        (409, {"type": "conflict", "message": "Group is in use."}, ConflictError),
        (423, {"type": "locked", "message": "resource is locked"}, ConflictError),
        (503, {"type": "out_of_stock", "resource": "x"}, ServerError),
        (410, {"type": "expired", "message": "expired"}, NotFoundError),
        (502, None, ServerError),
        (401, None, AuthenticationError),
        (404, None, EndpointNotFoundError),
        (418, {"type": "teapot", "message": "teapot"}, MailDomainsError),
    ],
)
def test_scaleway_types_and_statuses(status: int, body: Any, cls: type[MailDomainsError]) -> None:
    error = map_scaleway_error(ctx(status, body))
    assert type(error) is cls
    assert error.status_code == status
    assert error.vendor == SCALEWAY


def test_scaleway_quota_details_are_kept_and_shown() -> None:
    body = {
        "details": [{"current": 10, "quota": 10, "resource": "domains"}],
        "message": "quota(s) exceeded for this resource",
        "type": "quotas_exceeded",
    }
    error = map_scaleway_error(ctx(403, body))
    assert isinstance(error, QuotaExceededError)
    assert error.details == [{"current": 10, "quota": 10, "resource": "domains"}]
    assert "domains 10/10" in str(error)


def test_scaleway_precondition_names_the_precondition() -> None:
    body = {
        "type": "precondition_failed",
        "precondition": "resource_still_in_use",
        "message": "resource is still in use",
        "help_message": "delete the mailboxes first",
    }
    error = map_scaleway_error(ctx(412, body))
    assert isinstance(error, PreconditionFailedError)
    assert error.precondition == "resource_still_in_use"
    assert "delete the mailboxes first" in str(error)
    assert "resource_still_in_use" in str(error)


def test_scaleway_rate_limit_keeps_retry_after() -> None:
    body = {"type": "too_many_requests", "message": "rate limit exceeded"}
    error = map_scaleway_error(ctx(429, body, retry_after=2.0))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 2.0


def test_scaleway_auth_error_tells_where_the_key_comes_from() -> None:
    error = map_scaleway_error(ctx(401, {"type": "denied_authentication", "message": "denied"}))
    assert "SCW_SECRET_KEY" in str(error)


def test_non_json_body_short_text_is_the_message_html_is_not() -> None:
    assert map_scaleway_error(ctx(502, None, text="Bad Gateway")).message == "Bad Gateway"
    html = "<html><body>" + "x" * 300 + "</body></html>"
    assert map_scaleway_error(ctx(502, None, text=html)).message == "HTTP 502 error"


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, {"message": "Unauthenticated."}, AuthenticationError),
        (403, {"message": "This action is unauthorized."}, PermissionDeniedError),
        (404, {"message": "Not found."}, NotFoundError),
        (409, {"message": "Conflict."}, ConflictError),
        (412, {"message": "Precondition failed."}, PreconditionFailedError),
        (429, {"message": "Too Many Attempts."}, RateLimitedError),
        (500, {"message": "Server Error"}, ServerError),
        (503, None, ServerError),
        (422, {"message": "The given data was invalid."}, InvalidArgumentsError),
    ],
)
def test_fullhelp_statuses(status: int, body: Any, cls: type[MailDomainsError]) -> None:
    error = map_fullhelp_error(ctx(status, body))
    assert type(error) is cls
    assert error.vendor == FULLHELP
    if body:
        assert body["message"] in str(error)


def test_fullhelp_validation_fields() -> None:
    body = {
        "message": "The given data was invalid.",
        "errors": {"domain": ["The domain has already been taken."], "interactions.0.body": ["x"]},
    }
    error = map_fullhelp_error(ctx(422, body))
    assert isinstance(error, InvalidArgumentsError)
    assert error.fields["domain"] == ["The domain has already been taken."]
    assert "domain: The domain has already been taken." in str(error)


def test_fullhelp_other_error_shapes() -> None:
    nested = map_fullhelp_error(ctx(400, {"error": {"code": "bad", "message": "Bad thing"}}))
    assert nested.message == "Bad thing"
    listed = map_fullhelp_error(ctx(401, {"errors": ["You need to sign in."]}))
    assert isinstance(listed, AuthenticationError)
    assert listed.message == "You need to sign in."
    assert "FULLHELP_TOKEN" in str(listed)


def test_errors_pickle_with_their_attributes() -> None:
    error = map_scaleway_error(
        ctx(409, {"type": "already_exists", "resource_id": "abc", "message": "exists"})
    )
    error.attempts = 3
    clone = pickle.loads(pickle.dumps(error))
    assert isinstance(clone, AlreadyExistsError)
    assert clone.existing_id == "abc"
    assert str(clone) == str(error)
    assert "after 3 attempts" in str(clone)


def test_repr_is_the_readable_message() -> None:
    error = map_fullhelp_error(ctx(404, {"message": "Not found."}))
    assert repr(error) == f"NotFoundError({str(error)!r})"
