"""ScalewayMailboxClient against the running emulator, over real HTTP."""

from __future__ import annotations

import time

import pytest

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConflictError,
    InvalidArgumentsError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitedError,
    ServerError,
    WaitTimeoutError,
)
from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.models import Domain, DomainStatus, ListDomainsOrderBy
from support.emulator import (
    SCW_OTHER_PROJECT,
    SCW_OTHER_TOKEN,
    SCW_PROJECT,
    SCW_RECORD_KEYS,
    Emulator,
)


def test_domain_lifecycle_create_validate_delete(scw: ScalewayMailboxClient) -> None:
    created = scw.create_domain("Life.Example.COM")
    assert created.status == DomainStatus.CREATING
    assert created.project_id == SCW_PROJECT
    assert created.name == "life.example.com"
    assert scw.get_domain(created.id).id == created.id

    polled: list[str] = []
    waiting = scw.wait_for_domain(
        created.id,
        on_poll=lambda d: polled.append(d.status),
        timeout=15,
        min_delay=0.05,
        max_delay=0.3,
    )
    assert waiting.status == DomainStatus.WAITING_VALIDATION
    assert polled[0] == DomainStatus.CREATING
    assert polled[-1] == DomainStatus.WAITING_VALIDATION

    records = scw.get_domain_records(created.id).by_key()
    assert set(records) == set(SCW_RECORD_KEYS)
    assert records["mx"].dns_type == "mx_dns_type"
    assert records["dkim"].level == "required"
    assert len(records["dkim"].dns_value) > 255  # a real 2048-bit key

    scw.validate_domain_records(created.id)
    ready = scw.wait_for_domain(created.id, timeout=15, min_delay=0.05, max_delay=0.3)
    assert ready.status == DomainStatus.READY
    assert scw.get_domain_records(created.id).by_key()["spf"].status == "valid"

    deleting = scw.delete_domain(created.id)
    assert deleting is not None
    assert deleting.status == DomainStatus.DELETING
    scw.wait_until_deleted(created.id, timeout=15, min_delay=0.05, max_delay=0.3)
    with pytest.raises(NotFoundError) as info:
        scw.get_domain(created.id)
    assert info.value.resource_id == created.id
    assert created.id in str(info.value)


def test_list_paging_filters_and_list_all(scw: ScalewayMailboxClient) -> None:
    names = [f"d{n}.list.example" for n in range(5)]
    for name in names:
        scw.create_domain(name)
    other = ScalewayMailboxClient(
        SCW_OTHER_TOKEN, api_url=scw.api_url, default_project_id=SCW_OTHER_PROJECT
    )
    with other:
        other.create_domain("not-mine.example")

    page = scw.list_domains(page=2, page_size=2, order_by=ListDomainsOrderBy.NAME_ASC)
    assert page.total_count == 5
    assert [d.name for d in page.domains] == names[2:4]
    assert scw.list_domains(page_size=2, order_by="name_desc").domains[0].name == names[4]
    assert [d.name for d in scw.list_domains(search="D3.LIST").domains] == [names[3]]
    assert scw.list_domains(statuses=[DomainStatus.READY]).total_count == 0
    assert scw.list_domains(statuses=["creating", "ready"], project_id=SCW_PROJECT).total_count == 5

    listed = list(scw.list_all(page_size=2))
    assert sorted(d.name for d in listed) == names
    assert [d.name for d in listed] == names  # oldest first by default

    assert scw.find_domain_by_name("D2.list.example.") == listed[2]
    assert scw.find_domain_by_name("d2.list.exampl") is None
    assert scw.find_domain_by_name("not-mine.example") is None


def test_internationalised_name_is_found_either_spelling(scw: ScalewayMailboxClient) -> None:
    created = scw.create_domain("bücher.example")
    found = scw.find_domain_by_name("BÜCHER.example")
    assert found is not None
    assert found.id == created.id
    assert scw.find_domain_by_name("xn--bcher-kva.example") == found


def test_duplicate_name_raises_already_exists_with_existing_id(
    scw: ScalewayMailboxClient,
) -> None:
    first = scw.create_domain("dup.example")
    with pytest.raises(AlreadyExistsError) as info:
        scw.create_domain("dup.example")
    assert info.value.existing_id == first.id
    assert info.value.status_code == 409


def test_invalid_name_lists_the_field(scw: ScalewayMailboxClient) -> None:
    with pytest.raises(InvalidArgumentsError) as info:
        scw.create_domain("not a domain!")
    assert "name" in info.value.fields
    assert "name:" in str(info.value)
    assert "POST" in str(info.value)


def test_bad_token_is_authentication_error(emulator: Emulator) -> None:
    with (
        ScalewayMailboxClient("00000000-0000-4000-8000-000000000000", api_url=emulator.url) as bad,
        pytest.raises(AuthenticationError) as info,
    ):
        bad.list_domains()
    assert "SCW_SECRET_KEY" in str(info.value)
    assert info.value.attempts == 1  # never retried


def test_foreign_project_is_permission_denied(scw: ScalewayMailboxClient) -> None:
    with pytest.raises(PermissionDeniedError):
        scw.create_domain("x.example", project_id=SCW_OTHER_PROJECT)
    with pytest.raises(PermissionDeniedError):
        scw.list_domains(project_id=SCW_OTHER_PROJECT)


def test_domain_of_another_project_is_not_found(scw: ScalewayMailboxClient) -> None:
    mine = scw.create_domain("private.example")
    with (
        ScalewayMailboxClient(SCW_OTHER_TOKEN, api_url=scw.api_url) as other,
        pytest.raises(NotFoundError),
    ):
        other.get_domain(mine.id)


def test_delete_with_mailboxes_is_precondition_failed(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    domain = scw.create_domain("busy.example")
    emulator.set_mailboxes(domain.id, 2)
    with pytest.raises(PreconditionFailedError) as info:
        scw.delete_domain(domain.id)
    assert info.value.precondition == "resource_still_in_use"
    assert "mailbox" in str(info.value)


def test_validate_while_creating_is_conflict(scw: ScalewayMailboxClient) -> None:
    domain = scw.create_domain("early.example")
    with pytest.raises(ConflictError) as info:
        scw.validate_domain_records(domain.id)
    assert "creating" in str(info.value)


def test_first_try_delete_of_unknown_domain_is_not_found(scw: ScalewayMailboxClient) -> None:
    with pytest.raises(NotFoundError):
        scw.delete_domain("12345678-1234-4234-8234-123456789012")


def test_wait_timeout_names_the_last_status(scw: ScalewayMailboxClient) -> None:
    domain = scw.create_domain("slow.example")
    started = time.monotonic()
    with pytest.raises(WaitTimeoutError) as info:
        scw.wait_for_domain(domain.id, timeout=0.3, min_delay=0.05)
    assert time.monotonic() - started < 0.9
    assert info.value.last_status == "creating"
    assert "'creating'" in str(info.value)
    assert domain.id in str(info.value)


def test_wait_until_deleted_timeout(scw: ScalewayMailboxClient) -> None:
    domain = scw.create_domain("stays.example")
    with pytest.raises(WaitTimeoutError) as info:
        scw.wait_until_deleted(domain.id, timeout=0.2, min_delay=0.05)
    assert info.value.last_status in ("creating", "waiting_validation")


def test_rate_limit_is_honoured_then_surfaces_when_retries_run_out(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    emulator.faults(rate_limit_per_second=1)
    scw.list_domains()  # spends the only token
    started = time.monotonic()
    scw.list_domains()  # 429 with Retry-After: 1, then succeeds
    assert time.monotonic() - started >= 0.9
    statuses = [r["status"] for r in emulator.api_requests()]
    assert statuses == [200, 429, 200]

    with (
        ScalewayMailboxClient(
            "11111111-2222-4333-8444-555555555555",
            api_url=emulator.url,
            retry=RetryPolicy(max_attempts=1),
        ) as impatient,
        pytest.raises(RateLimitedError) as info,
    ):
        impatient.list_domains()
    assert info.value.retry_after is not None
    assert info.value.retry_after >= 1


def test_retry_after_beyond_the_deadline_is_not_waited_for(emulator: Emulator) -> None:
    emulator.faults(rate_limit_per_second=0.01)
    policy = RetryPolicy(max_attempts=5, deadline_seconds=2)
    with ScalewayMailboxClient(
        "11111111-2222-4333-8444-555555555555", api_url=emulator.url, retry=policy
    ) as client:
        client.list_domains()
        started = time.monotonic()
        with pytest.raises(RateLimitedError):
            client.list_domains()
    assert time.monotonic() - started < 1


def test_server_errors_are_retried_then_raised(
    scw: ScalewayMailboxClient, emulator: Emulator, fast_retry: RetryPolicy
) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[503])
    with pytest.raises(ServerError) as info:
        scw.list_domains()
    assert info.value.status_code == 503
    assert info.value.attempts == fast_retry.max_attempts
    assert f"after {fast_retry.max_attempts} attempts" in str(info.value)
    assert len(emulator.api_requests()) == fast_retry.max_attempts


def test_create_is_not_repeated_on_a_5xx_that_did_not_commit(
    scw: ScalewayMailboxClient, emulator: Emulator, fast_retry: RetryPolicy
) -> None:
    # Injected errors never do the work, so the look-up finds nothing and the create is redone.
    emulator.faults(error_rate=1.0, error_statuses=[500], methods=["POST"])
    with pytest.raises(ServerError):
        scw.create_domain("never.example")
    posts = [r for r in emulator.api_requests() if r["method"] == "POST"]
    gets = [r for r in emulator.api_requests() if r["method"] == "GET"]
    assert len(posts) == fast_retry.max_attempts
    assert len(gets) == fast_retry.max_attempts - 1  # a look-up before every new try
    emulator.faults()
    assert scw.find_domain_by_name("never.example") is None


def test_lost_create_response_returns_the_domain_without_a_second_post(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    emulator.faults(lost_response_rate=1.0, methods=["POST"])
    domain = scw.create_domain("lost.example")
    assert isinstance(domain, Domain)
    assert domain.name == "lost.example"
    assert len([r for r in emulator.write_requests()]) == 1
    emulator.faults()
    assert [d.id for d in scw.list_all()] == [domain.id]


def test_lost_delete_response_is_retried(
    scw: ScalewayMailboxClient, emulator: Emulator, lost_then_kept_seed: int
) -> None:
    domain = scw.create_domain("bye.example")
    emulator.faults(lost_response_rate=0.5, methods=["DELETE"], seed=lost_then_kept_seed)
    result = scw.delete_domain(domain.id)
    # The emulator answers a repeated DELETE of a deleting domain with 200 again.
    assert result is None or result.status == DomainStatus.DELETING
    deletes = [r for r in emulator.write_requests() if r["method"] == "DELETE"]
    assert [r["fault"] for r in deletes] == ["lost_response", None]


def test_delete_retried_after_the_domain_is_gone_is_success(
    scw: ScalewayMailboxClient, emulator: Emulator, lost_then_kept_seed: int
) -> None:
    domain = scw.create_domain("gone.example")
    emulator.faults(lost_response_rate=0.5, methods=["DELETE"], seed=lost_then_kept_seed)
    # Retry only after the emulator's 1 s deletion is over (the jittered delay is 1.1-2.2 s),
    # so the retry meets a 404.
    slow = RetryPolicy(max_attempts=3, base_delay=2.2, max_delay=2.2, deadline_seconds=10)
    with ScalewayMailboxClient(
        "11111111-2222-4333-8444-555555555555", api_url=emulator.url, retry=slow
    ) as client:
        assert client.delete_domain(domain.id) is None
    assert [r["status"] for r in emulator.write_requests()][-1] == 404


def test_connection_refused_is_network_error_not_sent(fast_retry: RetryPolicy) -> None:
    with (
        ScalewayMailboxClient(
            "11111111-2222-4333-8444-555555555555", api_url="http://127.0.0.1:9", retry=fast_retry
        ) as client,
        pytest.raises(NetworkError) as info,
    ):
        client.get_domain("12345678-1234-4234-8234-123456789012")
    assert info.value.request_sent is False
    assert info.value.attempts == fast_retry.max_attempts
    assert "GET http://127.0.0.1:9/mailbox/v1alpha1/domains/" in str(info.value)


def test_connection_reset_is_network_error(
    scw: ScalewayMailboxClient, emulator: Emulator, fast_retry: RetryPolicy
) -> None:
    emulator.faults(reset_rate=1.0)
    with pytest.raises(NetworkError) as info:
        scw.list_domains()
    assert info.value.request_sent is True
    assert info.value.attempts == fast_retry.max_attempts


def test_missing_project_is_a_local_error(emulator: Emulator) -> None:
    with (
        ScalewayMailboxClient("11111111-2222-4333-8444-555555555555", api_url=emulator.url) as c,
        pytest.raises(ValueError, match="SCW_DEFAULT_PROJECT_ID"),
    ):
        c.create_domain("x.example")
        with pytest.raises(ValueError):
            c.get_domain("../../admin")
