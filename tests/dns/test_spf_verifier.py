"""The emulator's verifiers (DNS mode) read SPF as receivers do, over HTTP against BIND9.

A merged SPF record holding a vendor's include satisfies that vendor whatever else it holds; one
without it does not, and neither do two SPF records at the name (RFC 7208 §4.5).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pulumi_mail_domains.core.records import quote_txt, split_txt
from support.bind import BindServer
from support.emulator import (
    SCW_PROJECT,
    Emulator,
    fullhelp_client,
    scaleway_client,
    wait_for_scaleway_status,
)
from support.senders import ZONE

pytestmark = pytest.mark.dns

MERGED = "v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:198.51.100.0/24 -all"
SCALEWAY_ONLY = "v=spf1 include:spf.mailbox.scw.eu -all"
FULLHELP_ONLY = "v=spf1 include:spf.fullhelp.com ~all"


@pytest.fixture
def name(sender_bind: BindServer) -> Iterator[str]:
    """A fresh name inside the senders zone, its TXT records removed afterwards."""
    label = f"v{secrets.token_hex(4)}"
    yield f"{label}.{ZONE}"
    sender_bind.delete(ZONE, label, "TXT")


def publish_txt(bind: BindServer, fqdn: str, *texts: str) -> None:
    bind.delete(ZONE, fqdn.removesuffix(f".{ZONE}"), "TXT")
    for text in texts:
        bind.add(ZONE, fqdn.removesuffix(f".{ZONE}"), "TXT", quote_txt(split_txt(text)))


def scaleway_spf_status(client: httpx.Client, domain_id: str) -> dict[str, Any]:
    """Validate now and return the spf record as Scaleway reports it."""
    assert client.post(f"/domains/{domain_id}/validate-records", json={}).status_code == 204
    wait_for_scaleway_status(client, domain_id, ["waiting_validation", "ready"])
    records: dict[str, Any] = client.get(f"/domains/{domain_id}/records").json()
    return dict(records["spf"])


def fullhelp_spf_verified(client: httpx.Client, domain_id: int) -> bool:
    data = client.post(f"/domains/{domain_id}/verify-dns").json()["data"]
    return bool(next(r for r in data["dns_records"] if r["label"] == "SPF")["verified"])


@pytest.mark.parametrize(
    ("published", "scaleway_ok", "fullhelp_ok"),
    [
        ([MERGED], True, True),
        ([SCALEWAY_ONLY], True, False),
        ([FULLHELP_ONLY], False, True),
        ([SCALEWAY_ONLY, FULLHELP_ONLY], False, False),
    ],
    ids=["merged", "scaleway-only", "fullhelp-only", "two-records"],
)
def test_each_verifier_wants_its_include_in_the_one_spf_record(
    sender_emulator: Emulator,
    sender_bind: BindServer,
    name: str,
    published: list[str],
    scaleway_ok: bool,
    fullhelp_ok: bool,
) -> None:
    publish_txt(sender_bind, name, "unrelated=text", *published)
    with scaleway_client(sender_emulator) as scw, fullhelp_client(sender_emulator) as fh:
        domain = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": name}).json()
        wait_for_scaleway_status(scw, domain["id"], ["waiting_validation"])
        helpdesk = fh.post("/domains", data={"domain": name}).json()["data"]

        spf = scaleway_spf_status(scw, domain["id"])
        assert (spf["status"] == "valid") is scaleway_ok, spf
        assert fullhelp_spf_verified(fh, helpdesk["id"]) is fullhelp_ok
    if len(published) > 1:
        assert "2 SPF records" in spf["error"]
    elif not scaleway_ok:
        assert "lacks include:spf.mailbox.scw.eu" in spf["error"]
