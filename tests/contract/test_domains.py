"""Every Mailbox domain operation of the official SDK against the emulator, typed results checked.

The SDK keeps enum values as the JSON strings (known or not) and would turn ``total_count`` into
the string of an ``X-Total-Count`` header; so membership checks on enums and exact type checks
on ints are what tell a faithful emulator from one that merely answers 200.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from scaleway.mailbox.v1alpha1 import (
    Domain,
    DomainRecord,
    DomainRecordDNSType,
    DomainRecordLevel,
    DomainRecordStatus,
    DomainStatus,
    ListDomainsRequestOrderBy,
    ListDomainsResponse,
)
from scaleway_core.api import ScalewayException
from scaleway_core.utils import WaitForOptions

from contract.referee import RefereedMailboxAPI, assert_known
from support.emulator import SCW_OTHER_PROJECT, SCW_PROJECT, SCW_RECORD_KEYS, Emulator


def quick() -> WaitForOptions[Any, bool]:
    """Poll every second (the SDK refuses a shorter min_delay) for at most 10 s."""
    return WaitForOptions(timeout=10, min_delay=1, max_delay=1)


def assert_timestamp(value: object) -> datetime.datetime:
    assert isinstance(value, datetime.datetime), value
    assert value.tzinfo is not None and value.utcoffset() == datetime.timedelta(0)
    return value


def assert_domain(domain: object, name: str, status: DomainStatus) -> Domain:
    assert isinstance(domain, Domain)
    assert domain.name == name
    assert_known(domain.status, DomainStatus)
    assert domain.status == status
    assert domain.project_id == SCW_PROJECT
    assert domain.organization_id == ""  # as live; SDK 2.12.0 models it
    assert type(domain.mailbox_total_count) is int
    assert domain.webmail_url == "https://mailbox.scw.eu"
    assert (domain.imap_url, domain.pop3_url, domain.smtp_url) == (
        "imap.mailbox.scw.eu",
        "pop3.mailbox.scw.eu",
        "smtp.mailbox.scw.eu",
    )
    assert assert_timestamp(domain.updated_at) >= assert_timestamp(domain.created_at)
    return domain


def error_body(error: ScalewayException) -> dict[str, Any]:
    body: dict[str, Any] = error.response.json()
    return body


def test_create_get_and_wait_for_a_domain(sdk: RefereedMailboxAPI) -> None:
    """create_domain answers a typed Domain in creating (default project, organization_id ""),
    get_domain the same, and wait_for_domain returns it in waiting_validation."""
    created = assert_domain(
        sdk.create_domain(name="Ref.Example.com"), "ref.example.com", DomainStatus.CREATING
    )
    assert created.mailbox_total_count == 0
    assert sdk.get_domain(domain_id=created.id) == created

    waited = assert_domain(
        sdk.wait_for_domain(domain_id=created.id, options=quick()),
        "ref.example.com",
        DomainStatus.WAITING_VALIDATION,
    )
    assert waited.created_at == created.created_at
    assert waited.updated_at is not None and created.updated_at is not None
    assert waited.updated_at > created.updated_at


def test_records_appear_once_creating_ends(sdk: RefereedMailboxAPI) -> None:
    """get_domain_records: every key None while creating; then all 12 typed DomainRecords with
    known status/level/dns_type enums, FQDN names and parsed timestamps."""
    domain = sdk.create_domain(name="records.example.com")
    early = sdk.get_domain_records(domain_id=domain.id)
    assert all(getattr(early, key) is None for key in SCW_RECORD_KEYS)

    sdk.wait_for_domain(domain_id=domain.id, options=quick())
    records = sdk.get_domain_records(domain_id=domain.id)
    levels: dict[str, str] = {}
    for key in SCW_RECORD_KEYS:
        record = getattr(records, key)
        assert isinstance(record, DomainRecord), key
        assert record.domain_id == domain.id
        assert_known(record.status, DomainRecordStatus)
        assert record.status == DomainRecordStatus.UNKNOWN_STATUS  # as live, before validation
        assert_known(record.level, DomainRecordLevel)
        assert_known(record.dns_type, DomainRecordDNSType)
        assert record.dns_name.endswith("records.example.com.")
        assert record.error is None
        assert_timestamp(record.created_at)
        levels[key] = record.level
    assert records.mx is not None and records.mx.dns_type == DomainRecordDNSType.MX_DNS_TYPE
    assert records.mx.dns_value == "10 smtp.mailbox.scw.eu."
    assert records.imap is not None and records.imap.dns_type == DomainRecordDNSType.SRV_DNS_TYPE
    assert {k for k, v in levels.items() if v == DomainRecordLevel.REQUIRED} == {
        "domain_validation",
        "spf",
        "dkim",
        "dmarc",
        "mx",
    }


def test_validate_then_wait_until_ready(sdk: RefereedMailboxAPI) -> None:
    """validate_domain_records returns None (204); the domain goes validating -> ready through
    wait_for_domain, and every record reads valid."""
    domain = sdk.create_domain(name="valid.example.com")
    sdk.wait_for_domain(domain_id=domain.id, options=quick())
    # Typed to return None: the contract asserts that it does, against the emulator's answer.
    assert sdk.validate_domain_records(domain_id=domain.id) is None  # type: ignore[func-returns-value]
    assert sdk.get_domain(domain_id=domain.id).status == DomainStatus.VALIDATING
    ready = sdk.wait_for_domain(domain_id=domain.id, options=quick())
    assert_domain(ready, "valid.example.com", DomainStatus.READY)
    records = sdk.get_domain_records(domain_id=domain.id)
    statuses = {getattr(records, key).status for key in SCW_RECORD_KEYS}
    assert statuses == {DomainRecordStatus.VALID}


def test_validate_while_creating_is_a_transient_state_error(sdk: RefereedMailboxAPI) -> None:
    """validate_domain_records during creating raises ScalewayException 409 transient_state."""
    domain = sdk.create_domain(name="early.example.com")
    with pytest.raises(ScalewayException) as info:
        sdk.validate_domain_records(domain_id=domain.id)
    assert info.value.status_code == 409
    body = error_body(info.value)
    assert (body["type"], body["resource_id"], body["current_state"]) == (
        "transient_state",
        domain.id,
        "creating",
    )


def test_list_pages_orders_searches_and_filters(
    sdk: RefereedMailboxAPI, emulator: Emulator
) -> None:
    """list_domains: total_count is an int (no X-Total-Count), pages of page_size, every order_by,
    search, statuses and project_id filters; list_domains_all pages through all of them."""
    names = ["b.example.com", "a.example.com", "c.example.org", "d.example.com", "e.example.com"]
    domains = [sdk.create_domain(name=name) for name in names]
    emulator.set_mailboxes(domains[2].id, 2)
    emulator.set_mailboxes(domains[4].id, 1)

    seen: list[str] = []
    for page in (1, 2, 3):
        response = sdk.list_domains(page=page, page_size=2)
        assert isinstance(response, ListDomainsResponse)
        assert type(response.total_count) is int and response.total_count == 5
        seen += [d.id for d in response.domains]
    assert seen == [d.id for d in reversed(domains)]  # default order: created_at_desc
    assert sdk.list_domains(page=4, page_size=2).domains == []

    def names_in(order: ListDomainsRequestOrderBy) -> list[str]:
        return [d.name for d in sdk.list_domains(order_by=order).domains]

    assert names_in(ListDomainsRequestOrderBy.NAME_ASC) == sorted(names)
    assert names_in(ListDomainsRequestOrderBy.NAME_DESC) == sorted(names, reverse=True)
    assert names_in(ListDomainsRequestOrderBy.CREATED_AT_ASC) == names
    assert names_in(ListDomainsRequestOrderBy.MAILBOX_TOTAL_COUNT_DESC)[:2] == [
        "c.example.org",
        "e.example.com",
    ]
    assert names_in(ListDomainsRequestOrderBy.MAILBOX_TOTAL_COUNT_ASC)[-2:] == [
        "e.example.com",
        "c.example.org",
    ]
    assert len(names_in(ListDomainsRequestOrderBy.UPDATED_AT_DESC)) == 5
    assert len(names_in(ListDomainsRequestOrderBy.UPDATED_AT_ASC)) == 5

    found = sdk.list_domains(search="EXAMPLE.ORG")
    assert [d.name for d in found.domains] == ["c.example.org"] and found.total_count == 1
    # Every domain is creating or, once its (0.3 s) creating phase is over, waiting_validation:
    # the two repeated `statuses` keys together match all five, however long the lists took.
    waiting = sdk.list_domains(statuses=[DomainStatus.CREATING, DomainStatus.WAITING_VALIDATION])
    assert waiting.total_count == 5
    assert sdk.list_domains(statuses=[DomainStatus.READY]).total_count == 0
    assert sdk.list_domains(project_id=SCW_PROJECT).total_count == 5

    every = sdk.list_domains_all(page_size=2)
    assert sorted(d.name for d in every) == sorted(names)
    for domain in every:
        assert isinstance(domain, Domain)
        assert_known(domain.status, DomainStatus)


def test_a_project_of_another_token_is_permission_denied(sdk: RefereedMailboxAPI) -> None:
    """list_domains(project_id=<not the token's>) raises ScalewayException 403
    permissions_denied."""
    with pytest.raises(ScalewayException) as info:
        sdk.list_domains(project_id=SCW_OTHER_PROJECT)
    assert info.value.status_code == 403
    assert error_body(info.value)["type"] == "permissions_denied"


def test_create_errors_are_typed_scaleway_errors(sdk: RefereedMailboxAPI) -> None:
    """A duplicate name raises 409 already_exists naming the existing id; a bad name 400
    invalid_arguments with a 'name' detail (a ScalewayException, not the SDK's
    ValidationError, which only the legacy 'Validation Error' shape triggers)."""
    first = sdk.create_domain(name="twice.example.com")
    with pytest.raises(ScalewayException) as duplicate:
        sdk.create_domain(name="twice.example.com")
    assert duplicate.value.status_code == 409
    assert error_body(duplicate.value)["resource_id"] == first.id
    with pytest.raises(ScalewayException) as bad:
        sdk.create_domain(name="not a domain")
    assert bad.value.status_code == 400
    body = error_body(bad.value)
    assert body["type"] == "invalid_arguments"
    assert [d["argument_name"] for d in body["details"]] == ["name"]


def test_delete_then_wait_meets_the_404(sdk: RefereedMailboxAPI) -> None:
    """delete_domain returns the typed Domain in deleting; a second delete answers the same;
    wait_for_domain then raises the live 404 body (the SDK does not take a 404 as success)."""
    domain = sdk.create_domain(name="bye.example.com")
    deleting = assert_domain(
        sdk.delete_domain(domain_id=domain.id), "bye.example.com", DomainStatus.DELETING
    )
    assert sdk.delete_domain(domain_id=domain.id).status == DomainStatus.DELETING
    with pytest.raises(ScalewayException) as info:
        sdk.wait_for_domain(domain_id=deleting.id, options=quick())
    assert info.value.status_code == 404
    assert error_body(info.value) == {
        "message": "resource is not found",
        "resource": "domain",
        "resource_id": domain.id,
        "type": "not_found",
    }
    assert sdk.list_domains(search="bye.example.com").total_count == 0
