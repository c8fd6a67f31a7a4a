"""FullHelp domain endpoints of the emulator, over real HTTP."""

from __future__ import annotations

import base64
import re
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from support.emulator import FH_ACCOUNT, FH_OTHER_ACCOUNT, FH_TOKEN, Emulator, fullhelp_client

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


def create(client: httpx.Client, name: str) -> dict[str, Any]:
    response = client.post("/domains", data={"domain": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()["data"]
    return body


def test_create_form_urlencoded_answers_201_with_the_data_envelope(fh: httpx.Client) -> None:
    response = fh.post("/domains", data={"domain": "example.org"})
    assert response.status_code == 201
    assert response.request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert set(response.json()) == {"data"}
    domain = response.json()["data"]
    assert set(domain) == {
        "id",
        "account_id",
        "domain",
        "subdomain",
        "verified",
        "dns_records",
        "created_at",
        "updated_at",
    }
    assert isinstance(domain["id"], int)
    assert domain["account_id"] == FH_ACCOUNT
    assert domain["domain"] == "example.org"
    assert domain["subdomain"] is None
    assert domain["verified"] is False
    assert ISO.match(domain["created_at"]) and ISO.match(domain["updated_at"])
    labels = [(r["label"], r["type"]) for r in domain["dns_records"]]
    assert labels == [("DKIM", "TXT"), ("SPF", "TXT"), ("Return-Path", "CNAME")]
    dkim, spf, return_path = domain["dns_records"]
    assert re.fullmatch(r"\d{9}fh\._domainkey", dkim["hostname"])
    assert dkim["value"].startswith("k=rsa;p=")
    key = load_der_public_key(base64.b64decode(dkim["value"].removeprefix("k=rsa;p=")))
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    assert len(dkim["value"]) > 255
    assert spf == {
        "label": "SPF",
        "type": "TXT",
        "hostname": "@",
        "value": "v=spf1 include:spf.fullhelp.com ~all",
        "verified": False,
    }
    assert return_path["hostname"] == "fh-bounces"
    assert return_path["value"] == "bounces.fullhelp.com"
    assert not any(r["verified"] for r in domain["dns_records"])


def test_create_accepts_json_and_multipart(fh: httpx.Client) -> None:
    response = fh.post("/domains", json={"domain": "json.example.org"})
    assert response.status_code == 201
    assert response.json()["data"]["domain"] == "json.example.org"
    response = fh.post("/domains", files={"domain": (None, "multipart.example.org")})
    assert response.status_code == 201
    assert response.json()["data"]["domain"] == "multipart.example.org"


def test_subdomain_is_the_part_left_of_the_registered_domain(fh: httpx.Client) -> None:
    assert create(fh, "mail.example.org")["subdomain"] == "mail"
    assert create(fh, "a.b.example.co.uk")["subdomain"] == "a.b"
    assert create(fh, "example.co.uk")["subdomain"] is None


def test_retrieve(fh: httpx.Client) -> None:
    created = create(fh, "get.example.org")
    response = fh.get(f"/domains/{created['id']}")
    assert response.status_code == 200
    assert response.json() == {"data": created}


def test_update_renames_in_place_and_regenerates_records(fh: httpx.Client) -> None:
    created = create(fh, "old.example.org")
    fh.post(f"/domains/{created['id']}/verify-dns").raise_for_status()
    response = fh.put(f"/domains/{created['id']}", data={"domain": "new.example.org"})
    assert response.status_code == 200
    updated = response.json()["data"]
    assert updated["id"] == created["id"]
    assert updated["domain"] == "new.example.org"
    assert updated["verified"] is False
    assert updated["created_at"] == created["created_at"]
    assert updated["dns_records"][0]["hostname"] != created["dns_records"][0]["hostname"]
    assert updated["dns_records"][0]["value"] != created["dns_records"][0]["value"]
    assert fh.get(f"/domains/{created['id']}").json()["data"] == updated
    # Same name again (JSON body): nothing but updated_at changes.
    again = fh.put(f"/domains/{created['id']}", json={"domain": "NEW.example.org"}).json()["data"]
    assert again["dns_records"] == updated["dns_records"]


def test_update_to_a_taken_name_is_422(fh: httpx.Client) -> None:
    create(fh, "taken.example.org")
    other = create(fh, "free.example.org")
    response = fh.put(f"/domains/{other['id']}", data={"domain": "taken.example.org"})
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "errors": {"domain": ["The domain has already been taken."]},
    }


def test_delete_answers_204_then_404(fh: httpx.Client) -> None:
    created = create(fh, "gone.example.org")
    response = fh.delete(f"/domains/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    for response in (
        fh.get(f"/domains/{created['id']}"),
        fh.delete(f"/domains/{created['id']}"),
        fh.put(f"/domains/{created['id']}", data={"domain": "x.example.org"}),
        fh.post(f"/domains/{created['id']}/verify-dns"),
    ):
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}


def test_list_is_laravel_paginated(fh: httpx.Client, emulator: Emulator) -> None:
    ids = [create(fh, f"d{i}.example.org")["id"] for i in range(5)]
    body = fh.get("/domains").json()
    assert [d["id"] for d in body["data"]] == ids
    path = f"{emulator.url}/api/v1/accounts/{FH_ACCOUNT}/domains"
    assert body["links"] == {
        "first": f"{path}?page=1",
        "last": f"{path}?page=1",
        "prev": None,
        "next": None,
    }
    assert body["meta"] == {
        "current_page": 1,
        "from": 1,
        "last_page": 1,
        "path": path,
        "per_page": 15,
        "to": 5,
        "total": 5,
    }
    page = fh.get("/domains", params={"page": 2, "per_page": 2}).json()
    assert [d["id"] for d in page["data"]] == ids[2:4]
    assert page["links"] == {
        "first": f"{path}?page=1&per_page=2",
        "last": f"{path}?page=3&per_page=2",
        "prev": f"{path}?page=1&per_page=2",
        "next": f"{path}?page=3&per_page=2",
    }
    assert (page["meta"]["from"], page["meta"]["to"], page["meta"]["last_page"]) == (3, 4, 3)
    beyond = fh.get("/domains", params={"page": 9}).json()
    assert beyond["data"] == []
    assert (beyond["meta"]["from"], beyond["meta"]["to"]) == (None, None)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"per_page": 101}, "per_page", "The per page field must not be greater than 100."),
        ({"per_page": 0}, "per_page", "The per page field must be at least 1."),
        ({"page": 0}, "page", "The page field must be at least 1."),
        ({"page": "two"}, "page", "The page field must be an integer."),
    ],
)
def test_list_rejects_bad_paging(
    fh: httpx.Client, params: dict[str, Any], field: str, message: str
) -> None:
    response = fh.get("/domains", params=params)
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "errors": {field: [message]},
    }


def test_verify_dns_without_dns_server_verifies_every_record(fh: httpx.Client) -> None:
    created = create(fh, "verify.example.org")
    response = fh.post(f"/domains/{created['id']}/verify-dns")
    assert response.status_code == 200
    domain = response.json()["data"]
    assert domain["verified"] is True
    assert all(record["verified"] for record in domain["dns_records"])
    assert fh.get(f"/domains/{created['id']}").json()["data"]["verified"] is True


def test_accounts_are_isolated(fh: httpx.Client, fh_other: httpx.Client) -> None:
    mine = create(fh, "same.example.org")
    theirs = create(fh_other, "same.example.org")
    assert theirs["account_id"] == FH_OTHER_ACCOUNT
    assert [d["id"] for d in fh.get("/domains").json()["data"]] == [mine["id"]]
    assert [d["id"] for d in fh_other.get("/domains").json()["data"]] == [theirs["id"]]
    # My account path with their domain id: 404, never revealing it.
    assert fh.get(f"/domains/{theirs['id']}").status_code == 404
    assert fh.delete(f"/domains/{theirs['id']}").status_code == 404


def test_a_token_on_an_account_it_cannot_access_is_403(emulator: Emulator) -> None:
    with fullhelp_client(emulator, FH_TOKEN, FH_OTHER_ACCOUNT) as client:
        for response in (
            client.get("/domains"),
            client.post("/domains", data={"domain": "x.example.org"}),
            client.get("/domains/1"),
            client.put("/domains/1", data={"domain": "x.example.org"}),
            client.delete("/domains/1"),
            client.post("/domains/1/verify-dns"),
        ):
            assert response.status_code == 403
            assert response.json() == {"message": "This action is unauthorized."}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Token {FH_TOKEN}"},
        {"Authorization": "Bearer"},
    ],
)
def test_missing_or_bad_tokens_are_401(emulator: Emulator, headers: dict[str, str]) -> None:
    base = f"{emulator.url}/api/v1/accounts/{FH_ACCOUNT}"
    with httpx.Client(base_url=base, headers=headers) as client:
        for response in (
            client.get("/domains"),
            client.post("/domains", data={"domain": "x.example.org"}),
            client.get("/domains/1"),
            client.delete("/domains/1"),
        ):
            assert response.status_code == 401
            assert response.json() == {"message": "Unauthenticated."}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "The domain field is required."),
        ({"domain": ""}, "The domain field is required."),
        ({"other": "example.org"}, "The domain field is required."),
    ],
)
def test_create_without_domain_is_422(fh: httpx.Client, body: dict[str, str], message: str) -> None:
    response = fh.post("/domains", data=body)
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "errors": {"domain": [message]},
    }


@pytest.mark.parametrize("value", [123, None, ["a.example.org"], {"a": 1}, True])
def test_create_with_a_non_string_domain_is_422(fh: httpx.Client, value: object) -> None:
    response = fh.post("/domains", json={"domain": value})
    assert response.status_code == 422
    errors = response.json()["errors"]["domain"]
    assert errors in (["The domain must be a string."], ["The domain field is required."])


def test_duplicate_within_the_account_is_422(fh: httpx.Client) -> None:
    create(fh, "twice.example.org")
    response = fh.post("/domains", data={"domain": "Twice.Example.org."})
    assert response.status_code == 422
    assert response.json()["errors"] == {"domain": ["The domain has already been taken."]}


def test_rate_limit_headers_on_every_response(fh: httpx.Client) -> None:
    for response in (fh.get("/domains"), fh.get("/domains/999999")):
        assert response.headers["x-ratelimit-limit"] == "50"
        assert response.headers["x-ratelimit-remaining"] == "49"
