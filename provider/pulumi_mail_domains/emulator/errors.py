"""Error bodies in each vendor's shape (docs/vendor-apis.md §1.9 and PART 3).

Routes and the gateway raise :class:`VendorError`; the app turns it into a JSON response.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any


class VendorError(Exception):
    """An HTTP error response with a JSON body already in the vendor's shape."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def show(value: object, limit: int = 80) -> str:
    """``repr(value)``, shortened for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- Scaleway -----------------------------------------------------------------------------


def scw_detail(argument_name: str, reason: str, help_message: str) -> dict[str, str]:
    """One ``invalid_arguments`` detail; reason is unknown, required, format or constraint."""
    return {"argument_name": argument_name, "reason": reason, "help_message": help_message}


def scw_invalid_arguments(details: Sequence[dict[str, str]]) -> VendorError:
    return VendorError(
        400,
        {"details": list(details), "message": "invalid argument(s)", "type": "invalid_arguments"},
    )


def scw_not_found(resource: str, resource_id: str) -> VendorError:
    return VendorError(
        404,
        {
            "message": "resource is not found",
            "resource": resource,
            "resource_id": resource_id,
            "type": "not_found",
        },
    )


def scw_denied_authentication(method: str, reason: str) -> VendorError:
    return VendorError(
        401,
        {
            "message": "authentication is denied",
            "method": method,
            "reason": reason,
            "type": "denied_authentication",
        },
    )


def scw_permissions_denied(resource: str, action: str) -> VendorError:
    return VendorError(
        403,
        {
            "details": [{"action": action, "resource": resource}],
            "message": "insufficient permissions",
            "type": "permissions_denied",
        },
    )


def scw_already_exists(resource: str, resource_id: str, help_message: str) -> VendorError:
    return VendorError(
        409,
        {
            "help_message": help_message,
            "message": "resource already exists",
            "resource": resource,
            "resource_id": resource_id,
            "type": "already_exists",
        },
    )


def scw_transient_state(resource: str, resource_id: str, current_state: str) -> VendorError:
    return VendorError(
        409,
        {
            "current_state": current_state,
            "message": "resource is in a transient state",
            "resource": resource,
            "resource_id": resource_id,
            "type": "transient_state",
        },
    )


def scw_precondition_failed(precondition: str, help_message: str) -> VendorError:
    return VendorError(
        412,
        {
            "help_message": help_message,
            "message": "precondition is not respected",
            "precondition": precondition,
            "type": "precondition_failed",
        },
    )


def scw_too_many_requests(quota: int, retry_after: int, now: float) -> VendorError:
    reset_at = datetime.datetime.fromtimestamp(now + retry_after, tz=datetime.timezone.utc)
    return VendorError(
        429,
        {
            "help_message": f"at most {quota} requests per second; retry in {retry_after} s",
            "limit": {"quota": quota, "window_seconds": 1},
            "message": "too many requests",
            "reset_at": reset_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "reset_seconds": retry_after,
            "type": "too_many_requests",
        },
        {"Retry-After": str(retry_after)},
    )


def scw_server_error(status: int) -> VendorError:
    """A 5xx body, e.g. ``{"message": "bad gateway", "type": "bad_gateway"}``."""
    phrase = HTTPStatus(status).phrase.lower()
    return VendorError(status, {"message": phrase, "type": phrase.replace(" ", "_")})


# -- FullHelp (Laravel-style) -------------------------------------------------------------


def fh_unauthenticated() -> VendorError:
    return VendorError(401, {"message": "Unauthenticated."})


def fh_forbidden() -> VendorError:
    return VendorError(403, {"message": "This action is unauthorized."})


def fh_not_found(message: str = "Not found.") -> VendorError:
    return VendorError(404, {"message": message})


def fh_validation(errors: Mapping[str, Sequence[str]]) -> VendorError:
    return VendorError(
        422,
        {
            "message": "The given data was invalid.",
            "errors": {field: list(messages) for field, messages in errors.items()},
        },
    )


def fh_too_many_requests(retry_after: int) -> VendorError:
    return VendorError(429, {"message": "Too Many Attempts."}, {"Retry-After": str(retry_after)})


def fh_payload_too_large(limit: int) -> VendorError:
    return VendorError(
        413, {"message": f"The request body is too large (at most {limit} bytes are accepted)."}
    )


def fh_server_error(status: int) -> VendorError:
    """A 5xx body, e.g. ``{"message": "Bad Gateway"}``."""
    return VendorError(status, {"message": HTTPStatus(status).phrase})


def retry_after_seconds(wait: float) -> int:
    """Whole seconds a client should wait (at least 1)."""
    return max(1, math.ceil(wait))
