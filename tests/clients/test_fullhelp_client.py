"""FullHelpClient against the running emulator, over real HTTP."""

from __future__ import annotations

import pytest

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidArgumentsError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from support.emulator import FH_ACCOUNT, FH_OTHER_ACCOUNT, FH_OTHER_TOKEN, FH_TOKEN, Emulator


def test_domain_lifecycle(fh: FullHelpClient) -> None:
    created = fh.create_domain(None, "Mail.Example.ORG")
    assert created.domain == "mail.example.org"
    assert created.account_id == FH_ACCOUNT
    assert created.verified is False
    assert {r.label for r in created.dns_records} == {"DKIM", "SPF", "Return-Path"}
    assert fh.get_domain(FH_ACCOUNT, created.id) == created

    verified = fh.verify_dns(None, created.id)
    assert verified.verified is True
    assert all(r.verified for r in verified.dns_records)

    renamed = fh.update_domain(None, created.id, "example.net")
    assert renamed.id == created.id
    assert renamed.domain == "example.net"
    assert renamed.verified is False
    dkim = {r.label: r.hostname for r in renamed.dns_records}["DKIM"]
    assert dkim != {r.label: r.hostname for r in created.dns_records}["DKIM"]

    fh.delete_domain(None, created.id)
    with pytest.raises(NotFoundError) as info:
        fh.get_domain(None, created.id)
    assert "Not found." in str(info.value)
    with pytest.raises(NotFoundError):
        fh.delete_domain(None, created.id)  # a first-try 404 is reported


def test_list_pages_and_list_all(fh: FullHelpClient) -> None:
    names = [f"d{n}.list.example" for n in range(5)]
    ids = [fh.create_domain(None, name).id for name in names]

    page = fh.list_domains(None, page=2, per_page=2)
    assert [d.domain for d in page.data] == names[2:4]
    assert page.meta.total == 5
    assert page.meta.last_page == 3
    assert page.has_next
    assert not fh.list_domains(None, page=3, per_page=2).has_next

    assert [d.id for d in fh.list_all(None, per_page=2)] == ids
    assert [d.id for d in fh.list_all(FH_ACCOUNT)] == ids
    found = fh.find_domain_by_name(None, "D3.List.Example.")
    assert found is not None
    assert found.id == ids[3]
    assert fh.find_domain_by_name(None, "d3.list.exampl") is None


def test_duplicate_create_is_already_exists_with_the_existing_id(fh: FullHelpClient) -> None:
    first = fh.create_domain(None, "dup.example")
    with pytest.raises(AlreadyExistsError) as info:
        fh.create_domain(None, "DUP.example")
    assert info.value.existing_id == str(first.id)
    assert info.value.status_code == 422
    assert "already been taken" in str(info.value)


def test_invalid_domain_lists_the_field(fh: FullHelpClient) -> None:
    with pytest.raises(InvalidArgumentsError) as info:
        fh.create_domain(None, "not a domain")
    assert list(info.value.fields) == ["domain"]
    assert "domain: The domain must be a valid domain name" in str(info.value)


def test_update_to_a_taken_name_is_invalid(fh: FullHelpClient) -> None:
    fh.create_domain(None, "a.example")
    b = fh.create_domain(None, "b.example")
    with pytest.raises(InvalidArgumentsError) as info:
        fh.update_domain(None, b.id, "a.example")
    assert info.value.fields == {"domain": ["The domain has already been taken."]}


def test_bad_token_is_authentication_error(emulator: Emulator) -> None:
    with (
        FullHelpClient("wrong", base_url=emulator.url, default_account_id=FH_ACCOUNT) as bad,
        pytest.raises(AuthenticationError) as info,
    ):
        bad.list_domains(None)
    assert "Unauthenticated." in str(info.value)
    assert "FULLHELP_TOKEN" in str(info.value)


def test_foreign_account_is_permission_denied(fh: FullHelpClient) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        fh.list_domains(FH_OTHER_ACCOUNT)
    assert "This action is unauthorized." in str(info.value)


def test_domain_of_another_account_is_not_found(fh: FullHelpClient, emulator: Emulator) -> None:
    mine = fh.create_domain(None, "private.example")
    with (
        FullHelpClient(FH_OTHER_TOKEN, base_url=emulator.url) as other,
        pytest.raises(NotFoundError),
    ):
        other.get_domain(FH_OTHER_ACCOUNT, mine.id)


def test_rate_limited(emulator: Emulator) -> None:
    emulator.faults(rate_limit_per_second=1)
    with FullHelpClient(
        FH_TOKEN, base_url=emulator.url, retry=RetryPolicy(max_attempts=1)
    ) as client:
        client.list_domains(FH_ACCOUNT)
        with pytest.raises(RateLimitedError) as info:
            client.list_domains(FH_ACCOUNT)
    assert info.value.retry_after is not None
    assert "Too Many Attempts." in str(info.value)


def test_server_error_on_update_is_retried(
    fh: FullHelpClient, emulator: Emulator, fast_retry: RetryPolicy
) -> None:
    domain = fh.create_domain(None, "put.example")
    emulator.faults(error_rate=1.0, error_statuses=[502], methods=["PUT"])
    with pytest.raises(ServerError) as info:
        fh.update_domain(None, domain.id, "put2.example")
    assert info.value.status_code == 502
    puts = [r for r in emulator.api_requests() if r["method"] == "PUT"]
    assert len(puts) == fast_retry.max_attempts


def test_lost_create_response_returns_the_domain_without_a_second_post(
    fh: FullHelpClient, emulator: Emulator
) -> None:
    emulator.faults(lost_response_rate=1.0, methods=["POST"])
    domain = fh.create_domain(None, "lost.example")
    assert domain.domain == "lost.example"
    assert len(emulator.write_requests()) == 1
    emulator.faults()
    assert [d.id for d in fh.list_all(None)] == [domain.id]


def test_lost_delete_response_then_404_is_success(
    fh: FullHelpClient, emulator: Emulator, lost_then_kept_seed: int
) -> None:
    domain = fh.create_domain(None, "bye.example")
    emulator.faults(lost_response_rate=0.5, methods=["DELETE"], seed=lost_then_kept_seed)
    fh.delete_domain(None, domain.id)
    deletes = [r for r in emulator.write_requests() if r["method"] == "DELETE"]
    assert [(r["status"], r["fault"]) for r in deletes] == [(204, "lost_response"), (404, None)]


def test_reset_during_verify_is_retried_then_network_error(
    fh: FullHelpClient, emulator: Emulator, fast_retry: RetryPolicy
) -> None:
    domain = fh.create_domain(None, "verify.example")
    emulator.faults(reset_rate=1.0, methods=["POST"])
    with pytest.raises(NetworkError) as info:
        fh.verify_dns(None, domain.id)
    assert info.value.attempts == fast_retry.max_attempts
    assert f"POST {emulator.url}/api/v1/accounts/1/domains/{domain.id}/verify-dns" in str(
        info.value
    )


def test_base_url_may_already_end_in_api_v1(emulator: Emulator) -> None:
    with FullHelpClient(FH_TOKEN, base_url=f"{emulator.url}/api/v1/") as client:
        assert client.list_domains(FH_ACCOUNT).data == []
    assert emulator.api_requests()[0]["path"] == "/api/v1/accounts/1/domains"


def test_missing_account_is_a_local_error(emulator: Emulator) -> None:
    with (
        FullHelpClient(FH_TOKEN, base_url=emulator.url) as client,
        pytest.raises(ValueError, match="FULLHELP_ACCOUNT_ID"),
    ):
        client.list_domains(None)
