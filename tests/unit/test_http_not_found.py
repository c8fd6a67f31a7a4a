"""Pure mapping logic: which 404s are the vendor's "gone", and which ids are valid."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from pulumi_mail_domains.core.errors import (
    EndpointNotFoundError,
    ErrorContext,
    InvalidIdError,
    NotFoundError,
)
from pulumi_mail_domains.fullhelp.client import positive_id
from pulumi_mail_domains.fullhelp.errors import FULLHELP, map_fullhelp_error
from pulumi_mail_domains.scaleway.client import _expect, canonical_uuid
from pulumi_mail_domains.scaleway.errors import SCALEWAY, map_scaleway_error

URL = "https://api.example.test/mailbox/v1alpha1/domains/0b7e"


def ctx(status: int, body: Any = None, text: str = "") -> ErrorContext:
    return ErrorContext(status_code=status, method="GET", url=URL, body=body, text=text)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (None, ""),  # empty 404
        (None, "<html><body><h1>404 Not Found</h1></body></html>"),  # a web server's page
        (None, "Not Found"),  # plain text
        ({"detail": "Not Found"}, '{"detail": "Not Found"}'),  # another framework's JSON
        ({"message": "no route"}, '{"message": "no route"}'),  # JSON without a Scaleway type
        (["not", "an", "object"], '["not", "an", "object"]'),
    ],
)
def test_scaleway_404_without_its_error_type_is_an_endpoint_error(body: Any, text: str) -> None:
    error = map_scaleway_error(ctx(404, body, text))
    assert type(error) is EndpointNotFoundError
    assert URL in error.message
    assert "scaleway:apiUrl or SCW_API_URL" in str(error)


def test_scaleway_typed_not_found_is_not_found() -> None:
    body = {
        "message": "resource is not found",
        "resource": "domain",
        "resource_id": "x",
        "type": "not_found",
    }
    error = map_scaleway_error(ctx(404, body))
    assert type(error) is NotFoundError


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (None, ""),
        (None, "<!doctype html><title>Not Found</title>"),
        ({"detail": "Not Found"}, ""),
        ({"error": {"code": "not_found"}}, ""),
        ({"message": 404}, ""),
    ],
)
def test_fullhelp_404_without_a_message_body_is_an_endpoint_error(body: Any, text: str) -> None:
    error = map_fullhelp_error(ctx(404, body, text))
    assert type(error) is EndpointNotFoundError
    assert "fullhelp:url or FULLHELP_URL" in str(error)


def test_fullhelp_message_404_is_a_candidate_not_found() -> None:
    # Only a candidate: FullHelpClient confirms it against the account's domain list.
    assert type(map_fullhelp_error(ctx(404, {"message": "Not found."}))) is NotFoundError


def test_endpoint_error_is_not_a_not_found() -> None:
    assert not issubclass(EndpointNotFoundError, NotFoundError)


@pytest.mark.parametrize(("asked", "answered"), [("mailbox", "domain"), ("domain", None)])
def test_scaleway_not_found_about_something_else_is_an_endpoint_error(
    asked: str, answered: str | None
) -> None:
    found = NotFoundError("resource is not found", resource=answered, vendor=SCALEWAY, url=URL)
    checked = _expect(asked)(found)
    assert type(checked) is EndpointNotFoundError
    assert "SCW_API_URL" in str(checked)
    same = NotFoundError("resource is not found", resource=asked, vendor=SCALEWAY, url=URL)
    assert _expect(asked)(same) is same


# --- ids ---------------------------------------------------------------------------------

GOOD_UUID = "0B7E2A61-3C4D-4E5F-8A9B-0C1D2E3F4A5B"


def test_uuid_is_canonicalised() -> None:
    assert canonical_uuid(GOOD_UUID, "domain id") == GOOD_UUID.lower()
    assert canonical_uuid(uuid.UUID(GOOD_UUID), "domain id") == GOOD_UUID.lower()


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "..",
        "../../admin",
        f"{GOOD_UUID}?x=1",
        f"{GOOD_UUID}#",
        f"{GOOD_UUID}?",
        f"{GOOD_UUID}/records",
        f" {GOOD_UUID}",
        "{" + GOOD_UUID + "}",
        GOOD_UUID.replace("-", ""),
        "urn:uuid:" + GOOD_UUID,
        None,
        42,
    ],
)
def test_non_uuids_are_invalid_ids(bad: object) -> None:
    with pytest.raises(InvalidIdError, match="expected a UUID") as info:
        canonical_uuid(bad, "domain id")
    assert isinstance(info.value, ValueError)
    assert info.value.vendor == SCALEWAY


@pytest.mark.parametrize(("good", "number"), [(1, 1), (42, 42), ("42", 42), ("007", 7)])
def test_positive_ids(good: object, number: int) -> None:
    assert positive_id(good, "domain id") == number


@pytest.mark.parametrize(
    "bad",
    [
        True,
        False,
        0,
        -1,
        "0",
        "-1",
        "+1",
        " 1",
        "1?x",
        "../",
        "1/2",
        "1.0",
        1.0,
        1.5,
        "",
        "\u0661",  # an Arabic-Indic digit: isdigit() but not ASCII
        None,
    ],
)
def test_non_positive_integers_are_invalid_ids(bad: object) -> None:
    with pytest.raises(InvalidIdError, match="expected a positive integer") as info:
        positive_id(bad, "account id")
    assert info.value.vendor == FULLHELP
