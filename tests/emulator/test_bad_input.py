"""Malformed requests get the vendor's error shape with a useful message, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.emulator import FH_TOKEN, SCW_PROJECT, Emulator

BIG = 70 * 1024  # over the default 64 KiB body limit


def scw_detail(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "invalid_arguments"
    assert body["message"] == "invalid argument(s)"
    detail: dict[str, str] = body["details"][0]
    return detail


def fh_errors(response: httpx.Response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["message"] == "The given data was invalid."
    errors: dict[str, list[str]] = body["errors"]
    return errors


# -- Scaleway -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type", "text"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b'{"name": "a.example.com"', "application/json", "not valid JSON"),
        (b"\xff\xfe\xfa", "application/json", "not valid JSON"),
        (b"[1, 2]", "application/json", "must be a JSON object"),
        (b'"text"', "application/json", "must be a JSON object"),
        (b"[" * 30_000 + b"]" * 30_000, "application/json", "not valid JSON"),
        (b"name=a.example.com", "application/x-www-form-urlencoded", "Content-Type"),
        (b"name: a.example.com", "text/plain", "Content-Type"),
        (b"<a/>", "application/xml", "Content-Type"),
    ],
)
def test_scaleway_bad_bodies(
    scw: httpx.Client, content: bytes, content_type: str, text: str
) -> None:
    response = scw.post("/domains", content=content, headers={"Content-Type": content_type})
    detail = scw_detail(response)
    assert detail["argument_name"] == "body"
    assert text in detail["help_message"]


def test_scaleway_body_without_content_type_is_read_as_json(scw: httpx.Client) -> None:
    response = scw.post(
        "/domains",
        content=b'{"project_id": "%s", "name": "plain.example.com"}' % SCW_PROJECT.encode(),
        headers={"Content-Type": ""},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, [("project_id", "required"), ("name", "required")]),
        ({"project_id": "nope", "name": "a.example.com"}, [("project_id", "format")]),
        ({"project_id": 12, "name": "a.example.com"}, [("project_id", "format")]),
        ({"project_id": SCW_PROJECT, "name": 12}, [("name", "format")]),
        ({"project_id": SCW_PROJECT, "name": ["a.example.com"]}, [("name", "format")]),
        ({"project_id": SCW_PROJECT}, [("name", "required")]),
    ],
)
def test_scaleway_bad_fields(
    scw: httpx.Client, body: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    response = scw.post("/domains", json=body)
    assert response.status_code == 400
    details = response.json()["details"]
    assert [(d["argument_name"], d["reason"]) for d in details] == expected
    assert all(d["help_message"] for d in details)


@pytest.mark.parametrize(
    "domain_id",
    ["nope", "1234", "01234567-89ab-4def-8123-456789abcdeZ", "01234567089ab04def08123456789abcdef"],
)
def test_scaleway_invalid_uuid_in_path(scw: httpx.Client, domain_id: str) -> None:
    for response in (
        scw.get(f"/domains/{domain_id}"),
        scw.delete(f"/domains/{domain_id}"),
        scw.get(f"/domains/{domain_id}/records"),
        scw.post(f"/domains/{domain_id}/validate-records", json={}),
    ):
        detail = scw_detail(response)
        assert detail == {
            "argument_name": "domain_id",
            "reason": "format",
            "help_message": f"domain_id must be a UUID, got {domain_id!r}",
        }


@pytest.mark.parametrize(
    ("params", "argument", "reason"),
    [
        ({"page": 0}, "page", "constraint"),
        ({"page": "x"}, "page", "format"),
        ({"page": "9" * 400}, "page", "constraint"),
        ({"page_size": 0}, "page_size", "constraint"),
        ({"page_size": 1001}, "page_size", "constraint"),
        ({"order_by": "size"}, "order_by", "format"),
        ({"project_id": "p"}, "project_id", "format"),
        ({"statuses": "done"}, "statuses", "format"),
    ],
)
def test_scaleway_bad_list_parameters(
    scw: httpx.Client, params: dict[str, Any], argument: str, reason: str
) -> None:
    detail = scw_detail(scw.get("/domains", params=params))
    assert (detail["argument_name"], detail["reason"]) == (argument, reason)
    assert argument in detail["help_message"]


def test_scaleway_oversized_body(scw: httpx.Client) -> None:
    body = b'{"name": "%s"}' % (b"a" * BIG)
    detail = scw_detail(
        scw.post("/domains", content=body, headers={"Content-Type": "application/json"})
    )
    assert (detail["argument_name"], detail["reason"]) == ("body", "constraint")
    assert "65536 bytes" in detail["help_message"]


def test_scaleway_oversized_chunked_body(scw: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(BIG // 1024):
            yield b" " * 1024

    response = scw.post("/domains", content=chunks(), headers={"Content-Type": "application/json"})
    assert "transfer-encoding" in response.request.headers
    assert scw_detail(response)["reason"] == "constraint"


def test_scaleway_unknown_routes_and_methods(scw: httpx.Client) -> None:
    response = scw.get("/mailboxes-of-domains")
    assert response.status_code == 404
    assert response.json()["type"] == "not_found"
    assert "no such route" in response.json()["message"]
    response = scw.get("/domains/")
    assert response.status_code == 404
    response = scw.patch("/domains/01234567-89ab-4def-8123-456789abcdef", json={})
    assert response.status_code == 405
    # A type from the documented set (docs/vendor-apis.md §1.9), naming the methods the route has.
    body = response.json()
    assert body["type"] == "invalid_arguments"
    assert body["message"] == "invalid argument(s)"
    (detail,) = body["details"]
    assert detail["argument_name"] == "method" and detail["reason"] == "constraint"
    assert "PATCH" in detail["help_message"] and "allowed: DELETE, GET" in detail["help_message"]
    assert response.headers["allow"] == "DELETE, GET"
    assert scw.put("/domains", json={}).headers["allow"] == "GET, POST"


# -- FullHelp -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type", "text"),
    [
        (b"{not json", "application/json", "could not be read"),
        (b"[1, 2]", "application/json", "must be an object"),
        (b"[" * 30_000 + b"]" * 30_000, "application/json", "could not be read"),
        (b"domain=%FF%FE", "application/x-www-form-urlencoded", "could not be read"),
        (b"domain=\xff\xfe", "application/x-www-form-urlencoded", "could not be read"),
        (b"--x\r\nbroken", "multipart/form-data", "could not be read"),
        (b"domain: example.org", "text/plain", "Unsupported content type"),
    ],
)
def test_fullhelp_bad_bodies(
    fh: httpx.Client, content: bytes, content_type: str, text: str
) -> None:
    for response in (
        fh.post("/domains", content=content, headers={"Content-Type": content_type}),
        fh.put("/domains/1", content=content, headers={"Content-Type": content_type}),
    ):
        if response.status_code == 404:  # PUT: the domain does not exist, checked first
            continue
        [message] = fh_errors(response)["body"]
        assert text in message


def test_fullhelp_put_on_a_real_domain_with_a_bad_body(fh: httpx.Client) -> None:
    domain = fh.post("/domains", data={"domain": "putbad.example.org"}).json()["data"]
    response = fh.put(
        f"/domains/{domain['id']}", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert "body" in fh_errors(response)


def test_fullhelp_oversized_body(fh: httpx.Client) -> None:
    response = fh.post("/domains", data={"domain": "a" * BIG})
    assert response.status_code == 413
    assert response.json() == {
        "message": "The request body is too large (at most 65536 bytes are accepted)."
    }


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", str(2**64), "1e3", "%20"])
def test_fullhelp_invalid_integers_in_paths(emulator: Emulator, bad: str) -> None:
    headers = {"Authorization": f"Bearer {FH_TOKEN}"}
    with httpx.Client(base_url=emulator.url, headers=headers) as client:
        for response in (
            client.get(f"/api/v1/accounts/1/domains/{bad}"),
            client.delete(f"/api/v1/accounts/1/domains/{bad}"),
            client.post(f"/api/v1/accounts/1/domains/{bad}/verify-dns"),
            client.get(f"/api/v1/accounts/{bad}/domains"),
            client.post(f"/api/v1/accounts/{bad}/domains", data={"domain": "a.example.org"}),
        ):
            assert response.status_code == 404, response.text
            message = response.json()["message"]
            assert message.startswith("Not found: ")
            assert "must be a positive integer" in message


def test_fullhelp_unknown_routes_and_methods(fh: httpx.Client) -> None:
    response = fh.get("/mailboxes")
    assert response.status_code == 404
    assert "could not be found" in response.json()["message"]
    response = fh.patch("/domains/1", data={"domain": "a.example.org"})
    assert response.status_code == 405
    # Every method of the route, not only those of the first route Starlette matched.
    assert response.headers["allow"] == "DELETE, GET, PUT"
    message = response.json()["message"]
    assert "The PATCH method is not supported" in message
    assert message.endswith("Supported methods: DELETE, GET, PUT.")
    assert fh.delete("/domains").headers["allow"] == "GET, POST"
    assert fh.get("/domains/1/verify-dns").headers["allow"] == "POST"


def test_admin_rejects_unknown_knobs_without_500(emulator: Emulator) -> None:
    with emulator.admin() as admin:
        assert admin.post("/_emulator/faults", json={"bogus": 1}).status_code == 422
        assert admin.post("/_emulator/faults", json={"error_rate": 2}).status_code == 422
        assert admin.post("/_emulator/faults", json={"error_statuses": [200]}).status_code == 422
        assert admin.post("/_emulator/faults", content=b"{").status_code == 422
        missing = "/_emulator/scaleway/domains/01234567-89ab-4def-8123-456789abcdef/mailboxes"
        assert admin.post(missing, json={"count": 1}).status_code == 404
        assert admin.post(missing, json={"count": -1}).status_code == 422
