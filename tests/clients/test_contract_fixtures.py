"""Contract fixtures: the vendors' own examples, parsed by our models field by field (issue 9).

``fixtures/seed_fullhelp_domains.json`` and ``fixtures/seed_scaleway_domains.json`` come from the
vendor pages in ``/work/shared/seeds``; ``fixtures/apis_md_recorded.json`` from the recorded live
bodies in ``apis.md`` (sections named in each key). Integers must stay ``int``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from pulumi_mail_domains.core.errors import ErrorContext, NotFoundError
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.fullhelp.models import Domain as FhDomain
from pulumi_mail_domains.fullhelp.models import DomainPage
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.errors import map_scaleway_error
from pulumi_mail_domains.scaleway.models import (
    Domain,
    DomainRecords,
    ListDomainsResponse,
    Mailbox,
    MailboxStatus,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / name).read_text(encoding="utf-8")))


FH = load("seed_fullhelp_domains.json")
SCW = load("seed_scaleway_domains.json")
LIVE = load("apis_md_recorded.json")


# --- FullHelp seed: every sample body ------------------------------------------------------


def assert_seed_domain(domain: FhDomain, name: str, record_verified: bool) -> None:
    assert type(domain.id) is int and domain.id == 1
    assert type(domain.account_id) is int and domain.account_id == 1
    assert domain.domain == name
    assert domain.subdomain is None
    assert domain.verified is True
    assert domain.updated_at == "2019-04-25T17:51:31+00:00"
    assert domain.created_at == "2019-04-25T17:51:31+00:00"
    (record,) = domain.dns_records
    assert record.label == "DKIM"
    assert record.type == "TXT"
    assert record.hostname == "653216321fh._domainkey"
    assert record.value == "k=rsa;p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQK..."
    assert record.verified is record_verified
    assert domain.model_extra == {}  # every documented field is modelled


def unwrap(client: FullHelpClient, body: dict[str, Any]) -> FhDomain:
    return client._domain(body)


def test_fullhelp_seed_domain_object() -> None:
    assert_seed_domain(FhDomain.model_validate(FH["the_domain_object"]), "example.org", False)


def test_fullhelp_seed_single_domain_responses(fh: FullHelpClient) -> None:
    # "Create", "Retrieve", "Update" and "Verify domain DNS records" sample responses.
    cases = [
        ("create_a_domain", "example.org", False),
        ("retrieve_a_domain", "example.org", False),
        ("update_a_domain", "example.net", False),
        ("verify_domain_dns_records", "example.org", True),
    ]
    for section, name, verified in cases:
        assert_seed_domain(unwrap(fh, FH[section]["response"]), name, verified)


def test_fullhelp_seed_list_response() -> None:
    page = DomainPage.model_validate(FH["list_all_domains"]["response"])
    (domain,) = page.data
    assert_seed_domain(domain, "example.net", False)
    assert page.is_paginated is False  # the sample is a bare {"data": [...]}


def test_fullhelp_seed_account_id_documented_as_string_still_reads_as_int() -> None:
    # The seed documents account_id as "string" while its example sends 1.
    body = {**FH["the_domain_object"], "account_id": "1", "id": "1"}
    domain = FhDomain.model_validate(body)
    assert (type(domain.account_id), type(domain.id)) == (int, int)


def test_fullhelp_seed_request_bodies_are_what_the_client_sends(fh: FullHelpClient) -> None:
    """Create and update send exactly the seed's ``-d domain=...`` form bodies."""
    sent: list[httpx.Request] = []
    fh._http._client.event_hooks["request"].append(sent.append)
    created = fh.create_domain(None, FH["create_a_domain"]["request_form"]["domain"])
    fh.update_domain(None, created.id, FH["update_a_domain"]["request_form"]["domain"])
    fh.delete_domain(None, created.id)  # the seed: 204, empty body; returns None without error
    writes = {r.method: r for r in sent if r.method in ("POST", "PUT")}
    for method, section in (("POST", "create_a_domain"), ("PUT", "update_a_domain")):
        request = writes[method]
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = dict(httpx.QueryParams(request.content.decode()))
        assert form == FH[section]["request_form"]
    assert FH["delete_a_domain"] == {"status": 204, "response_text": ""}


# --- Scaleway seed: the documented fields ----------------------------------------------------


def test_scaleway_seed_domain_fields_are_all_modelled() -> None:
    assert set(SCW["domain_response"]) <= set(Domain.model_fields)
    assert set(SCW["list_domains_response"]) <= set(ListDomainsResponse.model_fields)
    assert len(DomainRecords.model_fields) == SCW["get_domain_records_response_descriptions"]


def test_scaleway_seed_create_request_fields_are_what_the_client_sends(
    scw: ScalewayMailboxClient,
) -> None:
    sent: list[httpx.Request] = []
    scw._http._client.event_hooks["request"].append(sent.append)
    scw.create_domain("seed-fields.example")
    (post,) = [r for r in sent if r.method == "POST"]
    assert sorted(json.loads(post.content)) == sorted(SCW["register_a_domain_request"])
    listing = [r for r in sent if r.method == "GET"]
    assert all(set(r.url.params) <= set(SCW["list_domains_query"]) for r in listing)


# --- apis.md recorded live bodies ------------------------------------------------------------


def test_live_domain_1_4() -> None:
    body = LIVE["s1_4_domain"]
    domain = Domain.model_validate(body)
    for field in SCW["domain_response"]:
        assert getattr(domain, field) == body[field], field
    assert type(domain.mailbox_total_count) is int
    assert domain.model_extra == {"organization_id": ""}


def test_live_records_1_6() -> None:
    body = LIVE["s1_6_records"]
    records = DomainRecords.model_validate(body).by_key()
    assert set(records) == set(body) and len(records) == 12
    for key, record in records.items():
        for field, value in body[key].items():
            assert getattr(record, field) == value, (key, field)
        assert record.error is None  # absent in real responses unless invalid
    assert records["mx"].dns_value == "10 smtp.mailbox.scw.eu."
    assert records["imap"].dns_type == "srv_dns_type"


def test_live_not_found_1_7() -> None:
    body = LIVE["s1_7_not_found"]
    error = map_scaleway_error(
        ErrorContext(status_code=404, method="GET", url="https://x.test/d", body=body)
    )
    assert type(error) is NotFoundError
    assert (error.resource, error.resource_id, error.code) == (
        "domain",
        body["resource_id"],
        "not_found",
    )


def test_live_mailboxes_1_12() -> None:
    for key, status in (
        ("s1_12_mailbox_waiting_payment", MailboxStatus.WAITING_PAYMENT),
        ("s1_12_mailbox_ready", MailboxStatus.READY),
        ("s1_12_mailbox_deletion_scheduled", MailboxStatus.DELETION_SCHEDULED),
    ):
        body = LIVE[key]
        mailbox = Mailbox.model_validate(body)
        assert mailbox.status == status
        assert mailbox.project_id == ""  # live bodies leave it empty
        for field in ("id", "domain_id", "email", "created_at", "updated_at"):
            assert getattr(mailbox, field) == body[field], (key, field)
        extra = mailbox.model_extra or {}
        assert extra["subscription_period"] == body["subscription_period"]
        assert extra["next_subscription_period"] == body["next_subscription_period"]
        assert mailbox.deletion_scheduled_at == body.get("deletion_scheduled_at")
