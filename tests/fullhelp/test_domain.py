"""FullHelp Domain's behaviour against the emulator: create, read, update, delete, adoption
and the refusals that keep a domain this run did not create safe."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from pulumi_mail_domains.core.errors import MailDomainsError
from pulumi_mail_domains.fullhelp.domain import DomainBehaviour
from support.behaviours import checked, configured, use_emulator
from support.emulator import FAST_TIMINGS, FH_ACCOUNT, Emulator, EmulatorPool
from support.mail import fullhelp_api, fullhelp_domains, unique_label

ZONE = "example.test"
PAGE = 100  # the client's page size


@pytest.fixture
def emu(emulators: EmulatorPool, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    return use_emulator(emulators.get(*FAST_TIMINGS), monkeypatch)


@pytest.fixture
def behaviour(emu: Emulator) -> DomainBehaviour:
    return configured(DomainBehaviour())


def new_domain(behaviour: DomainBehaviour, **inputs: Any) -> tuple[str, dict[str, Any]]:
    news = {"domain": f"{unique_label('help')}.{ZONE}", "zone": ZONE, **inputs}
    created = behaviour.create(checked(behaviour, news))
    return created.id, created.outs


def test_create_read_update_delete(emu: Emulator, behaviour: DomainBehaviour) -> None:
    domain_id, outs = new_domain(behaviour)
    assert outs["account_id"] == FH_ACCOUNT and outs["verified"] is False
    assert {"dkim", "spf", "return_path"} <= set(outs["records"])

    read = behaviour.read(domain_id, outs)
    assert read.id == domain_id and read.outs["records"] == outs["records"]
    assert read.inputs is not None and read.inputs["domain"] == outs["domain"]

    renamed = f"{unique_label('renamed')}.{ZONE}"
    updated = behaviour.update(domain_id, outs, checked(behaviour, {**outs, "domain": renamed}))
    assert updated.outs["domain"] == renamed
    assert fullhelp_api(emu).get_domain(FH_ACCOUNT, int(domain_id)).domain == renamed

    behaviour.delete(domain_id, updated.outs)
    assert int(domain_id) not in {d.id for d in fullhelp_domains(emu)}
    assert behaviour.read(domain_id, outs).id == ""  # gone: the engine drops it
    behaviour.delete(domain_id, updated.outs)  # a second delete finds it gone and succeeds


def test_an_existing_domain_is_refused_unless_adopted(
    emu: Emulator, behaviour: DomainBehaviour
) -> None:
    name = f"{unique_label('taken')}.{ZONE}"
    existing = fullhelp_api(emu).create_domain(FH_ACCOUNT, name)
    writes = len(emu.write_requests())
    with pytest.raises(MailDomainsError, match=f"{name} already exists in account {FH_ACCOUNT}"):
        behaviour.create(checked(behaviour, {"domain": name}))
    assert len(emu.write_requests()) == writes  # refused before any write

    adopted = behaviour.create(checked(behaviour, {"domain": name, "adopt_existing": True}))
    assert adopted.id == str(existing.id) and len(emu.write_requests()) == writes


def test_an_unknown_id_reads_as_gone_and_a_bad_account_is_an_error(
    emu: Emulator, behaviour: DomainBehaviour
) -> None:
    assert behaviour.read("999999", {"account_id": FH_ACCOUNT}).id == ""
    # A domain in an account this token cannot reach is not "gone": nothing is dropped.
    with pytest.raises(MailDomainsError):
        behaviour.read("1", {"account_id": 424242})


def test_concurrent_creates_share_the_account_listing(
    emu: Emulator, behaviour: DomainBehaviour
) -> None:
    """Each create looks its name up first, and FullHelp lists without a name filter: without
    sharing, every create would page through the whole account."""
    creates, preexisting = 24, 2 * PAGE + 10
    with fullhelp_api(emu) as api:
        for _ in range(preexisting):
            api.create_domain(FH_ACCOUNT, f"{unique_label('old')}.{ZONE}")
    start = len(emu.api_requests())
    names = [f"{unique_label('fleet')}.{ZONE}" for _ in range(creates)]

    def create(name: str) -> str:
        return behaviour.create(checked(behaviour, {"domain": name, "zone": ZONE})).id

    with ThreadPoolExecutor(creates) as pool:
        ids = list(pool.map(create, names))

    requests = emu.api_requests()[start:]
    pages = [r for r in requests if r["method"] == "GET" and r["path"].endswith("/domains")]
    unshared = creates * math.ceil((preexisting + creates) / PAGE)
    print(f"\n{creates} creates read {len(pages)} list pages (unshared: at least {unshared})")
    assert len(set(ids)) == creates
    assert sum(r["method"] == "POST" for r in requests) == creates
    assert len(pages) <= unshared / 4, len(pages)


def test_a_lookup_sees_a_domain_created_after_the_last_listing(
    emu: Emulator, behaviour: DomainBehaviour
) -> None:
    new_domain(behaviour)  # this process has just listed the account
    name = f"{unique_label('late')}.{ZONE}"
    fullhelp_api(emu).create_domain(FH_ACCOUNT, name)
    writes = len(emu.write_requests())
    with pytest.raises(MailDomainsError, match=f"{name} already exists"):
        behaviour.create(checked(behaviour, {"domain": name}))
    assert len(emu.write_requests()) == writes
