"""The models accept what a real API may plausibly send: new enum values, new fields, nulls."""

from __future__ import annotations

from pulumi_mail_domains.fullhelp.models import Domain as FhDomain
from pulumi_mail_domains.fullhelp.models import DomainPage
from pulumi_mail_domains.scaleway.models import (
    Domain,
    DomainRecords,
    DomainStatus,
    ListDomainsResponse,
    RecordLevel,
)

SCW_DOMAIN = {
    "id": "efa5a496-0000-4000-8000-000000000000",
    "project_id": "105bdce1-0000-4000-8000-000000000000",
    "organization_id": "",
    "name": "tf-tests-mailbox-dns.example.com",
    "status": "creating",
    "mailbox_total_count": 0,
    "created_at": "2026-09-21T11:55:52.096496Z",
    "updated_at": "2026-09-21T11:55:52.096496Z",
    "webmail_url": "https://mailbox.scw.eu",
    "imap_url": "imap.mailbox.scw.eu",
    "pop3_url": "pop3.mailbox.scw.eu",
    "smtp_url": "smtp.mailbox.scw.eu",
}


def test_real_scaleway_domain_parses_and_keeps_unmodelled_fields() -> None:
    domain = Domain.model_validate(SCW_DOMAIN)
    assert domain.status == DomainStatus.CREATING
    assert domain.is_transient
    assert domain.model_extra == {"organization_id": ""}
    assert domain.created_at == "2026-09-21T11:55:52.096496Z"  # text kept verbatim


def test_unknown_status_and_new_fields_do_not_crash() -> None:
    domain = Domain.model_validate(
        {**SCW_DOMAIN, "status": "suspended_for_fun", "jmap_url": "x", "new": {"a": 1}}
    )
    assert domain.status == "suspended_for_fun"
    assert not domain.is_transient
    assert domain.model_extra is not None
    assert domain.model_extra["new"] == {"a": 1}


def test_nulls_mean_defaults() -> None:
    domain = Domain.model_validate(
        {"id": "d", "name": "x.test", "status": None, "mailbox_total_count": None}
    )
    assert domain.status == DomainStatus.UNKNOWN_STATUS
    assert domain.mailbox_total_count == 0


def test_enum_values_format_as_wire_text() -> None:
    assert f"{DomainStatus.READY}" == "ready"
    assert str(RecordLevel.REQUIRED) == "required"


def test_domain_records_partial_and_unknown_keys() -> None:
    records = DomainRecords.model_validate(
        {
            "spf": {
                "dns_type": "txt_dns_type",
                "dns_name": "x.test.",
                "dns_value": "v=spf1 -all",
                "level": "required",
                "status": "brand_new_status",
            },
            "jmap": {
                "dns_type": "srv_dns_type",
                "dns_name": "_jmap._tcp.x.test.",
                "dns_value": "0",
            },
            "dkim": None,
        }
    )
    by_key = records.by_key()
    assert set(by_key) == {"spf", "jmap"}
    assert by_key["spf"].status == "brand_new_status"
    assert by_key["spf"].error is None
    assert by_key["jmap"].dns_type == "srv_dns_type"


def test_list_response_defaults() -> None:
    assert ListDomainsResponse.model_validate({}).domains == []
    page = ListDomainsResponse.model_validate({"total_count": "2", "domains": [SCW_DOMAIN]})
    assert page.total_count == 2


FH_DOMAIN = {
    "id": 1,
    "account_id": "1",  # documented as string, sent as int: accept both
    "domain": "example.org",
    "subdomain": None,
    "verified": 1,
    "dns_records": [
        {
            "label": "DKIM",
            "type": "TXT",
            "hostname": "653216321fh._domainkey",
            "value": "k=rsa;p=MIGf",
            "verified": False,
            "ttl": 3600,
        }
    ],
    "updated_at": "2019-04-25T17:51:31+00:00",
    "created_at": "2019-04-25T17:51:31+00:00",
    "brand_new": True,
}


def test_fullhelp_domain_lenient_types() -> None:
    domain = FhDomain.model_validate(FH_DOMAIN)
    assert domain.account_id == 1
    assert domain.verified is True
    assert domain.subdomain is None
    assert domain.dns_records[0].model_extra == {"ttl": 3600}


def test_fullhelp_laravel_resource_pagination() -> None:
    page = DomainPage.model_validate(
        {
            "data": [FH_DOMAIN],
            "links": {"first": "f", "last": "l", "prev": None, "next": "n"},
            "meta": {"current_page": 1, "from": 1, "last_page": 3, "per_page": 1, "total": 3},
        }
    )
    assert page.is_paginated
    assert page.has_next
    assert page.meta.total == 3
    assert page.meta.from_ == 1


def test_fullhelp_simple_paginator_shape() -> None:
    page = DomainPage.model_validate(
        {"current_page": 2, "data": [FH_DOMAIN], "last_page": 2, "next_page_url": None}
    )
    assert page.is_paginated
    assert not page.has_next
    assert page.meta.current_page == 2


def test_fullhelp_bare_data_and_bare_list() -> None:
    bare = DomainPage.model_validate({"data": [FH_DOMAIN]})
    assert not bare.is_paginated
    assert [d.id for d in bare.data] == [1]
    assert DomainPage.model_validate([FH_DOMAIN]).data[0].domain == "example.org"
