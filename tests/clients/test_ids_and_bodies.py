"""Ids are checked before any request; FullHelp bodies are form-encoded as the vendor documents.

Proof comes from the emulator's own request log (``GET /_emulator/requests``): a refused id
leaves it empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pulumi_mail_domains.core.errors import InvalidIdError
from pulumi_mail_domains.core.http import same_domain_name
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import Emulator

UUID = "0b7e2a61-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
BAD_SCALEWAY_IDS = ["..", "", f"{UUID}?x=1", f"{UUID}#", f"{UUID}?", f"{UUID}/records", "../../x"]
BAD_FULLHELP_IDS: list[Any] = [True, 0, -3, "1?x", "../", "1#", "1.0", 2.0, "", "0x1"]


def scaleway_calls(scw: ScalewayMailboxClient, bad: str) -> list[Callable[[], object]]:
    return [
        lambda: scw.get_domain(bad),
        lambda: scw.get_domain_records(bad),
        lambda: scw.delete_domain(bad),
        lambda: scw.validate_domain_records(bad),
        lambda: scw.get_mailbox(bad),
        lambda: scw.delete_mailbox(bad),
        lambda: scw.list_mailboxes(domain_id=bad),
        lambda: scw.wait_for_domain(bad),
    ]


@pytest.mark.parametrize("bad", BAD_SCALEWAY_IDS)
def test_scaleway_bad_ids_send_nothing(
    scw: ScalewayMailboxClient, emulator: Emulator, bad: str
) -> None:
    for call in scaleway_calls(scw, bad):
        with pytest.raises(InvalidIdError, match="expected a UUID"):
            call()
    assert emulator.api_requests() == []


def test_scaleway_ids_are_sent_canonical(scw: ScalewayMailboxClient, emulator: Emulator) -> None:
    domain = scw.create_domain("canonical.example")
    assert scw.get_domain(domain.id.upper()).id == domain.id
    assert emulator.api_requests()[-1]["path"] == f"/mailbox/v1alpha1/domains/{domain.id}"


@pytest.mark.parametrize("bad", BAD_FULLHELP_IDS)
def test_fullhelp_bad_ids_send_nothing(fh: FullHelpClient, emulator: Emulator, bad: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: fh.get_domain(None, bad),
        lambda: fh.update_domain(None, bad, "x.example"),
        lambda: fh.delete_domain(None, bad),
        lambda: fh.verify_dns(None, bad),
        lambda: fh.get_domain(bad, 1),
        lambda: fh.list_domains(bad),
        lambda: fh.create_domain(bad, "x.example"),
        lambda: fh.find_domain_by_name(bad, "x.example"),
    ]
    for call in calls:
        with pytest.raises(InvalidIdError, match="expected a positive integer"):
            call()
    assert emulator.api_requests() == []


def test_fullhelp_digit_string_ids_are_accepted(fh: FullHelpClient, emulator: Emulator) -> None:
    domain = fh.create_domain("1", "digits.example")
    assert fh.get_domain("1", str(domain.id)).id == domain.id
    assert emulator.api_requests()[-1]["path"] == f"/api/v1/accounts/1/domains/{domain.id}"


def capture_requests(client: FullHelpClient) -> list[httpx.Request]:
    """The requests the client really sends, seen through an httpx event hook."""
    seen: list[httpx.Request] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request)

    client._http._client.event_hooks["request"].append(hook)
    return seen


def test_fullhelp_create_and_update_are_form_encoded(fh: FullHelpClient) -> None:
    sent = capture_requests(fh)
    created = fh.create_domain(None, "form-sample.example")
    renamed = fh.update_domain(None, created.id, "form-renamed.example")

    writes = [r for r in sent if r.method in ("POST", "PUT")]
    assert [r.method for r in writes] == ["POST", "PUT"]
    for request, name in zip(writes, ("form-sample.example", "form-renamed.example"), strict=True):
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        assert request.content == f"domain={name}".encode()
    # The emulator read the form bodies: the names arrived.
    assert created.domain == "form-sample.example"
    assert renamed.id == created.id
    assert renamed.domain == "form-renamed.example"
    assert fh.get_domain(None, created.id).domain == "form-renamed.example"


def test_fullhelp_form_body_carries_unicode_names(fh: FullHelpClient) -> None:
    created = fh.create_domain(None, "bücher-form.example")
    assert same_domain_name(created.domain, "bücher-form.example")
