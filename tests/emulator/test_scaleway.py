"""Scaleway Mailbox v1alpha1 endpoints of the emulator, over real HTTP."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from support.emulator import (
    SCW_OTHER_PROJECT,
    SCW_PROJECT,
    SCW_RECORD_KEYS,
    Emulator,
    scaleway_client,
    wait_for_scaleway_status,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def create(client: httpx.Client, name: str, project: str = SCW_PROJECT) -> dict[str, Any]:
    response = client.post("/domains", json={"project_id": project, "name": name})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_create_answers_200_in_creating_with_the_full_domain(scw: httpx.Client) -> None:
    response = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": "Mail.Example.com"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    domain = response.json()
    assert set(domain) == {
        "id",
        "project_id",
        "organization_id",
        "name",
        "status",
        "mailbox_total_count",
        "webmail_url",
        "imap_url",
        "pop3_url",
        "smtp_url",
        "created_at",
        "updated_at",
    }
    assert UUID.match(domain["id"])
    assert domain["project_id"] == SCW_PROJECT
    assert domain["organization_id"] == ""
    assert domain["name"] == "mail.example.com"
    assert domain["status"] == "creating"
    assert domain["mailbox_total_count"] == 0
    assert domain["webmail_url"] == "https://mailbox.scw.eu"
    assert domain["imap_url"] == "imap.mailbox.scw.eu"
    assert domain["pop3_url"] == "pop3.mailbox.scw.eu"
    assert domain["smtp_url"] == "smtp.mailbox.scw.eu"
    assert RFC3339.match(domain["created_at"]) and RFC3339.match(domain["updated_at"])


def test_get_returns_the_domain_and_it_leaves_creating(scw: httpx.Client) -> None:
    created = create(scw, "get.example.com")
    response = scw.get(f"/domains/{created['id']}")
    assert response.status_code == 200
    assert response.json()["id"] == created["id"]
    waiting = wait_for_scaleway_status(scw, created["id"], ["waiting_validation"])
    assert waiting["updated_at"] > waiting["created_at"]


def test_records_are_empty_while_creating_then_list_all_twelve_keys(scw: httpx.Client) -> None:
    domain = create(scw, "records.example.com")
    response = scw.get(f"/domains/{domain['id']}/records")
    assert response.status_code == 200
    assert response.json() == {}
    wait_for_scaleway_status(scw, domain["id"], ["waiting_validation"])
    records = scw.get(f"/domains/{domain['id']}/records").json()
    assert set(records) == set(SCW_RECORD_KEYS)
    d = "records.example.com."
    expected = {
        "domain_validation": ("txt_dns_type", "required", d),
        "spf": ("txt_dns_type", "required", d),
        "dkim": ("txt_dns_type", "required", f"scw-mbox._domainkey.{d}"),
        "dmarc": ("txt_dns_type", "required", f"_dmarc.{d}"),
        "mx": ("mx_dns_type", "required", d),
        "autoconfig": ("cname_dns_type", "recommended", f"autoconfig.{d}"),
        "autodiscover": ("cname_dns_type", "recommended", f"autodiscover.{d}"),
        "imap": ("srv_dns_type", "recommended", f"_imaps._tcp.{d}"),
        "pop3": ("srv_dns_type", "recommended", f"_pop3s._tcp.{d}"),
        "submission": ("srv_dns_type", "recommended", f"_submissions._tcp.{d}"),
        "caldav": ("srv_dns_type", "optional", f"_caldavs._tcp.{d}"),
        "carddav": ("srv_dns_type", "optional", f"_carddavs._tcp.{d}"),
    }
    for key, (dns_type, level, dns_name) in expected.items():
        record = records[key]
        assert (record["dns_type"], record["level"], record["dns_name"]) == (
            dns_type,
            level,
            dns_name,
        ), key
        assert record["status"] == "unknown_status"
        assert "error" not in record
        assert record["domain_id"] == domain["id"]
        assert UUID.match(record["id"])
    assert len({record["id"] for record in records.values()}) == 12
    assert re.fullmatch(
        r"scaleway-mailbox=[0-9a-f-]{36}", records["domain_validation"]["dns_value"]
    )
    assert records["spf"]["dns_value"] == "v=spf1 include:spf.mailbox.scw.eu -all"
    assert records["dmarc"]["dns_value"] == "v=DMARC1; p=none"
    assert records["mx"]["dns_value"] == "10 smtp.mailbox.scw.eu."
    assert records["autoconfig"]["dns_value"] == "autoconfig.mailbox.scw.eu."
    assert records["imap"]["dns_value"] == "0 1 993 imap.mailbox.scw.eu."
    assert records["pop3"]["dns_value"] == "0 1 995 pop3.mailbox.scw.eu."
    assert records["submission"]["dns_value"] == "0 1 465 smtp.mailbox.scw.eu."
    assert records["caldav"]["dns_value"] == "0 1 443 caldav.mailbox.scw.eu."
    assert records["carddav"]["dns_value"] == "0 1 443 carddav.mailbox.scw.eu."


def test_dkim_is_a_real_unique_2048_bit_rsa_key(scw: httpx.Client) -> None:
    values = []
    for name in ("dkim-a.example.com", "dkim-b.example.com"):
        domain = create(scw, name)
        wait_for_scaleway_status(scw, domain["id"], ["waiting_validation"])
        values.append(scw.get(f"/domains/{domain['id']}/records").json()["dkim"]["dns_value"])
    for value in values:
        assert value.startswith("v=DKIM1; h=sha256; k=rsa; p=")
        assert len(value) > 255
        key = load_der_public_key(base64.b64decode(value.split("p=", 1)[1]))
        assert isinstance(key, rsa.RSAPublicKey)
        assert key.key_size == 2048
    assert values[0] != values[1]


def test_full_lifecycle_validate_delete(scw: httpx.Client) -> None:
    domain = create(scw, "life.example.com")
    wait_for_scaleway_status(scw, domain["id"], ["waiting_validation"])
    response = scw.post(f"/domains/{domain['id']}/validate-records", json={})
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-type"] == "application/json"
    seen = {scw.get(f"/domains/{domain['id']}").json()["status"]}
    records = scw.get(f"/domains/{domain['id']}/records").json()
    assert {r["status"] for r in records.values()} == {"validating"}
    deadline = time.monotonic() + 10
    while "ready" not in seen and time.monotonic() < deadline:
        seen.add(scw.get(f"/domains/{domain['id']}").json()["status"])
        time.sleep(0.02)
    assert {"validating", "provisioning", "ready"} <= seen
    records = scw.get(f"/domains/{domain['id']}/records").json()
    assert {r["status"] for r in records.values()} == {"valid"}
    # Validating a ready domain changes nothing.
    assert scw.post(f"/domains/{domain['id']}/validate-records", json={}).status_code == 204
    assert scw.get(f"/domains/{domain['id']}").json()["status"] == "ready"

    response = scw.delete(f"/domains/{domain['id']}")
    assert response.status_code == 200
    assert response.json()["status"] == "deleting"
    # Deleting again while deleting answers the same.
    assert scw.delete(f"/domains/{domain['id']}").json()["status"] == "deleting"
    deadline = time.monotonic() + 10
    while scw.get(f"/domains/{domain['id']}").status_code == 200:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    response = scw.get(f"/domains/{domain['id']}")
    assert response.status_code == 404
    assert response.json() == {
        "message": "resource is not found",
        "resource": "domain",
        "resource_id": domain["id"],
        "type": "not_found",
    }
    assert scw.delete(f"/domains/{domain['id']}").status_code == 404
    assert scw.get(f"/domains/{domain['id']}/records").status_code == 404


def test_validate_while_creating_is_a_transient_state_conflict(scw: httpx.Client) -> None:
    domain = create(scw, "early.example.com")
    response = scw.post(f"/domains/{domain['id']}/validate-records", json={})
    assert response.status_code == 409
    assert response.json() == {
        "current_state": "creating",
        "message": "resource is in a transient state",
        "resource": "domain",
        "resource_id": domain["id"],
        "type": "transient_state",
    }


def test_list_paginates_filters_and_sorts(scw: httpx.Client) -> None:
    names = ["b.example.com", "a.example.com", "c.example.org", "d.example.com"]
    ids = [create(scw, name)["id"] for name in names]
    body = scw.get("/domains").json()
    assert body["total_count"] == 4
    # Default order: created_at_desc.
    assert [d["id"] for d in body["domains"]] == ids[::-1]
    page = scw.get("/domains", params={"page": 2, "page_size": 3})
    # Live lists send no X-Total-Count (docs/vendor-apis.md §1.12): the SDK would turn total_count
    # into a str.
    assert "x-total-count" not in page.headers
    assert page.json()["total_count"] == 4
    assert [d["id"] for d in page.json()["domains"]] == [ids[0]]
    assert scw.get("/domains", params={"page": 9}).json() == {"total_count": 4, "domains": []}
    by_name = scw.get("/domains", params={"order_by": "name_asc"}).json()["domains"]
    assert [d["name"] for d in by_name] == sorted(names)
    desc = scw.get("/domains", params={"order_by": "name_desc"}).json()["domains"]
    assert [d["name"] for d in desc] == sorted(names, reverse=True)
    search = scw.get("/domains", params={"search": "EXAMPLE.ORG"}).json()
    assert [d["name"] for d in search["domains"]] == ["c.example.org"]
    assert search["total_count"] == 1
    creating = scw.get("/domains", params=[("statuses", "creating"), ("statuses", "ready")])
    assert creating.json()["total_count"] == 4
    assert scw.get("/domains", params={"statuses": "ready"}).json()["total_count"] == 0
    mine = scw.get("/domains", params={"project_id": SCW_PROJECT}).json()
    assert mine["total_count"] == 4
    asc = scw.get("/domains", params={"order_by": "created_at_asc"}).json()["domains"]
    assert [d["id"] for d in asc] == ids


def test_list_orders_by_mailbox_count_and_updated_at(emulator: Emulator, scw: httpx.Client) -> None:
    first = create(scw, "one.example.com")
    second = create(scw, "two.example.com")
    emulator.set_mailboxes(first["id"], 3)
    emulator.set_mailboxes(second["id"], 1)
    ordered = scw.get("/domains", params={"order_by": "mailbox_total_count_desc"}).json()
    assert [(d["name"], d["mailbox_total_count"]) for d in ordered["domains"]] == [
        ("one.example.com", 3),
        ("two.example.com", 1),
    ]
    by_update = scw.get("/domains", params={"order_by": "updated_at_asc"}).json()["domains"]
    assert [d["name"] for d in by_update] == ["one.example.com", "two.example.com"]


def test_list_and_lookups_are_scoped_to_the_tokens_projects(
    scw: httpx.Client, scw_other: httpx.Client
) -> None:
    mine = create(scw, "scoped.example.com")
    theirs = create(scw_other, "scoped.example.com", project=SCW_OTHER_PROJECT)
    assert [d["id"] for d in scw.get("/domains").json()["domains"]] == [mine["id"]]
    assert [d["id"] for d in scw_other.get("/domains").json()["domains"]] == [theirs["id"]]
    for path in ("", "/records"):
        response = scw.get(f"/domains/{theirs['id']}{path}")
        assert response.status_code == 404
        assert response.json()["type"] == "not_found"
    assert scw.delete(f"/domains/{theirs['id']}").status_code == 404
    assert scw.post(f"/domains/{theirs['id']}/validate-records", json={}).status_code == 404


def test_other_project_is_permissions_denied(scw: httpx.Client) -> None:
    expected = {
        "details": [{"action": "write", "resource": "domain"}],
        "message": "insufficient permissions",
        "type": "permissions_denied",
    }
    response = scw.post("/domains", json={"project_id": SCW_OTHER_PROJECT, "name": "x.example.com"})
    assert response.status_code == 403
    assert response.json() == expected
    response = scw.get("/domains", params={"project_id": SCW_OTHER_PROJECT})
    assert response.status_code == 403
    assert response.json()["details"] == [{"action": "read", "resource": "domain"}]


@pytest.mark.parametrize(
    ("headers", "method", "reason"),
    [
        ({}, "unknown_method", "invalid_argument"),
        ({"X-Auth-Token": "not-a-token"}, "api_key", "invalid_argument"),
        ({"X-Auth-Token": "00000000-0000-4000-8000-000000000000"}, "api_key", "not_found"),
    ],
)
def test_bad_tokens_are_denied_authentication(
    emulator: Emulator, headers: dict[str, str], method: str, reason: str
) -> None:
    with httpx.Client(base_url=f"{emulator.url}/mailbox/v1alpha1", headers=headers) as client:
        for response in (
            client.get("/domains"),
            client.post("/domains", json={"project_id": SCW_PROJECT, "name": "a.example.com"}),
            client.get("/domains/00000000-0000-4000-8000-000000000000"),
        ):
            assert response.status_code == 401
            assert response.json() == {
                "message": "authentication is denied",
                "method": method,
                "reason": reason,
                "type": "denied_authentication",
            }


def test_duplicate_name_is_already_exists(scw: httpx.Client, scw_other: httpx.Client) -> None:
    first = create(scw, "dup.example.com")
    for name in ("dup.example.com", "DUP.example.com.", "dup.Example.COM"):
        response = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": name})
        assert response.status_code == 409
        body = response.json()
        assert body["type"] == "already_exists"
        assert body["resource"] == "domain"
        assert body["resource_id"] == first["id"]
        assert body["message"] == "resource already exists"
        assert "dup.example.com" in body["help_message"]
    # Another project may hold the same name.
    create(scw_other, "dup.example.com", project=SCW_OTHER_PROJECT)


def test_a_name_can_be_reused_once_its_domain_is_deleting(scw: httpx.Client) -> None:
    first = create(scw, "reuse.example.com")
    assert scw.delete(f"/domains/{first['id']}").status_code == 200
    second = create(scw, "reuse.example.com")
    assert second["id"] != first["id"]


def test_delete_with_mailboxes_is_precondition_failed(
    emulator: Emulator, scw: httpx.Client
) -> None:
    domain = create(scw, "busy.example.com")
    emulator.set_mailboxes(domain["id"], 2)
    assert scw.get(f"/domains/{domain['id']}").json()["mailbox_total_count"] == 2
    response = scw.delete(f"/domains/{domain['id']}")
    assert response.status_code == 412
    body = response.json()
    assert body["type"] == "precondition_failed"
    assert body["precondition"] == "resource_still_in_use"
    assert body["message"] == "precondition is not respected"
    assert "2 mailbox" in body["help_message"]
    emulator.set_mailboxes(domain["id"], 0)
    assert scw.delete(f"/domains/{domain['id']}").status_code == 200


def test_every_response_carries_rate_limit_headers(scw: httpx.Client) -> None:
    for response in (
        scw.get("/domains"),
        scw.get("/domains/00000000-0000-4000-8000-000000000000"),
        scw.post("/domains", json={}),
    ):
        assert response.headers["x-ratelimit-limit"] == "50, 50;w=1"
        assert response.headers["x-ratelimit-remaining"] == "49"
        assert response.headers["x-ratelimit-reset"] == "1"
        assert UUID.match(response.headers["x-request-id"])


def test_unknown_domain_is_not_found(scw: httpx.Client) -> None:
    missing = "01234567-89ab-4def-8123-456789abcdef"
    for response in (
        scw.get(f"/domains/{missing}"),
        scw.get(f"/domains/{missing}/records"),
        scw.delete(f"/domains/{missing}"),
        scw.post(f"/domains/{missing}/validate-records", json={}),
    ):
        assert response.status_code == 404
        assert response.json() == {
            "message": "resource is not found",
            "resource": "domain",
            "resource_id": missing,
            "type": "not_found",
        }


def test_upper_case_ids_find_the_domain(emulator: Emulator) -> None:
    with scaleway_client(emulator) as client:
        domain = create(client, "upper.example.com")
        assert client.get(f"/domains/{domain['id'].upper()}").json()["id"] == domain["id"]
