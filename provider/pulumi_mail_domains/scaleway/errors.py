"""How the Scaleway Mailbox API reports errors: its ``{"type", "message", ...}`` bodies mapped onto
the package's exception hierarchy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    ErrorContext,
    InvalidArgumentsError,
    MailDomainsError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    QuotaExceededError,
    RateLimitedError,
    ServerError,
    endpoint_not_found,
    messages,
    text_field,
    with_fields,
    with_help,
)

__all__ = ["SCALEWAY", "URL_SETTING", "map_scaleway_error"]

SCALEWAY = "Scaleway Mailbox API"
URL_SETTING = "stack config scaleway:apiUrl or SCW_API_URL; native provider: scalewayApiUrl"
"""Where the API URL is configured (named in errors when an endpoint is not the API)."""

# The API's own "this resource does not exist (any more)" answers (docs/vendor-apis.md §1.7, §1.9).
_SCW_NOT_FOUND_TYPES = ("not_found", "expired")
_SCW_AUTH_HINT = "Check the secret key (stack config scaleway:secretKey or SCW_SECRET_KEY)"
_SCW_PERMISSION_HINT = (
    "The secret key is valid but its IAM policy does not allow this on the project "
    "(check scaleway:projectId / SCW_DEFAULT_PROJECT_ID)"
)


def map_scaleway_error(ctx: ErrorContext) -> MailDomainsError:
    """Build the error for a Scaleway error response (``{"type", "message", ...}`` bodies).

    The body's ``type`` decides when present; otherwise the HTTP status does, so non-JSON bodies
    from a gateway still map to the right class.
    """
    body: Mapping[str, Any] = ctx.body if isinstance(ctx.body, Mapping) else {}
    kind = text_field(body.get("type"))
    message = text_field(body.get("message")) or ctx.fallback_message()
    kw = ctx.common(SCALEWAY, kind)
    status = ctx.status_code

    if kind in ("invalid_arguments", "invalid_request_error") or (
        message == "Validation Error" and "fields" in body
    ):
        fields = _scaleway_fields(body)
        return InvalidArgumentsError(with_fields(message, fields), fields=fields, **kw)
    if kind == "already_exists":
        return AlreadyExistsError(
            with_help(message, body), existing_id=text_field(body.get("resource_id")), **kw
        )
    if kind in _SCW_NOT_FOUND_TYPES:
        return _scaleway_not_found(message, body, kw)
    if status in (404, 410):
        # No Scaleway error type: a gateway, proxy or web server answered, not the Mailbox API.
        return endpoint_not_found(
            ctx, SCALEWAY, "without the API's not_found error body", URL_SETTING
        )
    if kind == "denied_authentication" or (not kind and status == 401):
        return AuthenticationError(message, hint=_SCW_AUTH_HINT, **kw)
    if kind == "quotas_exceeded":
        details = [d for d in body.get("details") or [] if isinstance(d, dict)]
        return QuotaExceededError(_with_quotas(message, details), details=details, **kw)
    if kind == "permissions_denied" or (not kind and status == 403):
        return PermissionDeniedError(message, hint=_SCW_PERMISSION_HINT, **kw)
    if kind == "precondition_failed" or (not kind and status == 412):
        precondition = text_field(body.get("precondition"))
        detail = with_help(message, body)
        if precondition and precondition not in detail:
            detail += f" ({precondition})"
        return PreconditionFailedError(detail, precondition=precondition, **kw)
    if kind == "too_many_requests" or status == 429:
        return RateLimitedError(with_help(message, body), retry_after=ctx.retry_after, **kw)
    if kind in ("conflict", "transient_state", "locked") or status in (409, 423):
        return ConflictError(_with_state(message, body), **kw)
    if status >= 500:
        return ServerError(message, **kw)
    return MailDomainsError(message, **kw)


def _scaleway_not_found(message: str, body: Mapping[str, Any], kw: dict[str, Any]) -> NotFoundError:
    resource = text_field(body.get("resource"))
    resource_id = text_field(body.get("resource_id"))
    if resource and resource_id:
        message = f"{resource} {resource_id} not found"
    return NotFoundError(message, resource=resource, resource_id=resource_id, **kw)


def _scaleway_fields(body: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per-argument messages from ``details[]`` (standard) or ``fields{}`` (legacy shape)."""
    fields: dict[str, list[str]] = {}
    for detail in body.get("details") or []:
        if not isinstance(detail, dict):
            continue
        name = text_field(detail.get("argument_name")) or "request"
        reason = text_field(detail.get("reason"))
        text = text_field(detail.get("help_message")) or reason or "invalid"
        if reason and reason not in text:
            text = f"{text} ({reason})"
        fields.setdefault(name, []).append(text)
    legacy = body.get("fields")
    if isinstance(legacy, dict):
        for name, texts in legacy.items():
            fields.setdefault(str(name), []).extend(messages(texts))
    return fields


def _with_state(message: str, body: Mapping[str, Any]) -> str:
    state = text_field(body.get("current_state"))
    return f"{message} (current state: {state})" if state else with_help(message, body)


def _with_quotas(message: str, details: list[dict[str, Any]]) -> str:
    parts = [
        f"{d.get('resource')} {d.get('current')}/{d.get('quota')}" for d in details if "quota" in d
    ]
    return f"{message}: {', '.join(parts)}" if parts else message
