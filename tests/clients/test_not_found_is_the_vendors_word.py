"""A 404 means "gone" only when the vendor says so about what was asked.

Every test here talks HTTP to the real emulator. A wrong base URL (a typo, an extra path) makes
the emulator answer 404 the way any web server or API gateway would: those must surface as
:class:`EndpointNotFoundError` naming the URL and the setting to check, never as
:class:`NotFoundError`, which the resources read as "the domain is gone" (drop it from state,
skip its delete).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pulumi_mail_domains.core.errors import EndpointNotFoundError, MailDomainsError, NotFoundError
from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
QUICK = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, deadline_seconds=20)
# Both lead to the emulator, neither to the API: the first path is unknown to every router
# (plain {"detail": ...} 404); the second stays under the API prefix, so the API's own
# router answers its route-level 404 (Scaleway: type not_found without a resource; FullHelp:
# Laravel's {"message": "The route ... could not be found."}).
WRONG_PATHS = ("/typo", "/mailbox/v1alpha1/typo")
FH_WRONG_PATHS = ("/typo", "/api/v2")


def scaleway_at(url: str) -> ScalewayMailboxClient:
    return ScalewayMailboxClient(
        SCW_TOKEN, api_url=url, default_project_id=SCW_PROJECT, retry=QUICK
    )


def fullhelp_at(url: str) -> FullHelpClient:
    return FullHelpClient(FH_TOKEN, base_url=url, default_account_id=FH_ACCOUNT, retry=QUICK)


def assert_names_url_and_setting(error: MailDomainsError, url_part: str, setting: str) -> None:
    assert not isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert url_part in str(error)
    assert setting in str(error)


@pytest.mark.parametrize("wrong", WRONG_PATHS)
def test_scaleway_wrong_url_is_never_gone(
    scw: ScalewayMailboxClient, emulator: Emulator, wrong: str
) -> None:
    domain = scw.create_domain("kept.example")
    with scaleway_at(emulator.url + wrong) as client:
        calls: dict[str, Callable[[], object]] = {
            "get_domain": lambda: client.get_domain(domain.id),
            "get_domain_records": lambda: client.get_domain_records(domain.id),
            "delete_domain": lambda: client.delete_domain(domain.id),
            "validate": lambda: client.validate_domain_records(domain.id),
            "get_mailbox": lambda: client.get_mailbox(UNKNOWN_UUID),
            "delete_mailbox": lambda: client.delete_mailbox(UNKNOWN_UUID),
            "list_domains": lambda: client.list_domains(),
            "list_mailboxes": lambda: client.list_mailboxes(domain_id=domain.id),
            "wait_until_deleted": lambda: client.wait_until_deleted(domain.id, timeout=1),
        }
        for name, call in calls.items():
            with pytest.raises(EndpointNotFoundError) as info:
                call()
            assert_names_url_and_setting(info.value, f"{emulator.url}{wrong}/", "SCW_API_URL")
            assert "scaleway:apiUrl" in str(info.value), name
    # Nothing was deleted through the wrong URL, and the right one still finds the domain.
    assert scw.get_domain(domain.id).status != "deleting"


def test_scaleway_own_not_found_is_gone(scw: ScalewayMailboxClient) -> None:
    with pytest.raises(NotFoundError) as mailbox:
        scw.get_mailbox(UNKNOWN_UUID)
    assert (mailbox.value.resource, mailbox.value.resource_id) == ("mailbox", UNKNOWN_UUID)
    with pytest.raises(NotFoundError) as domain:
        scw.get_domain(UNKNOWN_UUID)
    assert (domain.value.resource, domain.value.resource_id) == ("domain", UNKNOWN_UUID)
    with pytest.raises(NotFoundError):
        scw.get_domain_records(UNKNOWN_UUID)
    with pytest.raises(NotFoundError):
        scw.delete_domain(UNKNOWN_UUID)


def test_scaleway_retried_delete_meeting_a_route_404_is_not_success(emulator: Emulator) -> None:
    # The first DELETE is refused by the rate limit (429, retried after Retry-After); the retry
    # meets the wrong route's 404. Only the vendor's own not-found may end a retried DELETE as
    # success: this one must fail.
    emulator.faults(rate_limit_per_second=1)
    with scaleway_at(emulator.url + "/mailbox/v1alpha1/typo") as client:
        with pytest.raises(EndpointNotFoundError):
            client.list_domains()  # spends the only token
        with pytest.raises(EndpointNotFoundError) as info:
            client.delete_domain(UNKNOWN_UUID)
    assert info.value.attempts == 2
    deletes = [r["status"] for r in emulator.api_requests() if r["method"] == "DELETE"]
    assert deletes == [429, 404]


@pytest.mark.parametrize("wrong", FH_WRONG_PATHS)
def test_fullhelp_wrong_url_is_never_gone(
    fh: FullHelpClient, emulator: Emulator, wrong: str
) -> None:
    domain = fh.create_domain(None, "kept.example")
    with fullhelp_at(emulator.url + wrong) as client:
        calls: dict[str, Callable[[], object]] = {
            "get_domain": lambda: client.get_domain(None, domain.id),
            "update_domain": lambda: client.update_domain(None, domain.id, "renamed.example"),
            "delete_domain": lambda: client.delete_domain(None, domain.id),
            "verify_dns": lambda: client.verify_dns(None, domain.id),
            "list_domains": lambda: client.list_domains(None),
        }
        for name, call in calls.items():
            with pytest.raises(EndpointNotFoundError) as info:
                call()
            assert_names_url_and_setting(info.value, f"{emulator.url}{wrong}/", "FULLHELP_URL")
            assert "fullhelp:url" in str(info.value), name
    assert fh.get_domain(None, domain.id).domain == "kept.example"


def test_fullhelp_route_404_names_the_probe_that_failed(emulator: Emulator) -> None:
    with (
        fullhelp_at(emulator.url + "/api/v2") as client,
        pytest.raises(EndpointNotFoundError) as info,
    ):
        client.get_domain(None, 7)
    text = str(info.value)
    assert f"GET {emulator.url}/api/v2/api/v1/accounts/1/domains" in text  # the probe
    assert f"{emulator.url}/api/v2/api/v1/accounts/1/domains/7" in text  # the asked URL
    gets = [r for r in emulator.api_requests() if r["method"] == "GET"]
    assert [r["path"].rsplit("/", 1)[-1] for r in gets] == ["7", "domains"]
    assert "per_page=1" in gets[1]["query"]


def test_fullhelp_unknown_domain_is_confirmed_not_found(
    fh: FullHelpClient, emulator: Emulator
) -> None:
    with pytest.raises(NotFoundError) as info:
        fh.get_domain(None, 999_999)
    assert info.value.status_code == 404
    # The confirmation asked the account's domain list, which answered as the API does.
    probes = [r for r in emulator.api_requests() if r["path"].endswith("/accounts/1/domains")]
    assert [(r["method"], r["status"]) for r in probes] == [("GET", 200)]
    with pytest.raises(NotFoundError):
        fh.delete_domain(None, 999_999)
    with pytest.raises(NotFoundError):
        fh.verify_dns(None, 999_999)
    with pytest.raises(NotFoundError):
        fh.update_domain(None, 999_999, "x.example")
