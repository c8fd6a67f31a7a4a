"""Domains created outside Pulumi: refused with a useful message, or adopted on request."""

from __future__ import annotations

from collections.abc import Callable

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import Emulator
from support.engine import StackFactory
from support.mail import fullhelp_api, fullhelp_domains, scaleway_api, scaleway_domains

NAME = "adopt.example.test"


def program(adopt: bool | None) -> Callable[[], None]:
    def run() -> None:
        scw = scaleway.MailboxDomain("scw", name=NAME, adopt_existing=adopt)
        fh = fullhelp.Domain("fh", domain=NAME.upper() + ".", adopt_existing=adopt)
        pulumi.export("scw_id", scw.id)
        pulumi.export("fh_id", fh.id)
        pulumi.export("scw_dkim", scw.records["dkim"]["fqdn"])
        pulumi.export("fh_domain", fh.domain)

    return run


def test_existing_domains_are_refused_then_adopted(make_stack: StackFactory, emu: Emulator) -> None:
    with scaleway_api(emu) as scw:
        existing_scw = scw.create_domain(NAME).id
        scw.wait_for_domain(existing_scw, timeout=10, min_delay=0.1)
    with fullhelp_api(emu) as fh:
        existing_fh = str(fh.create_domain(None, NAME).id)

    # -- without adopt_existing: each resource fails, naming the domain that is in the way --
    run = make_stack(program(None))
    with pytest.raises(auto.CommandError) as failed:
        run.up(continue_on_error=True)
    text = str(failed.value)
    for vendor, existing in (("Scaleway", existing_scw), ("FullHelp", existing_fh)):
        assert f"{vendor} domain {NAME} already exists" in text
        assert f"(id {existing})" in text
    assert text.count("adopt_existing=True") >= 2
    assert run.resources("Domain") == []
    assert [d.id for d in scaleway_domains(emu)] == [existing_scw]
    assert [str(d.id) for d in fullhelp_domains(emu)] == [existing_fh]

    # -- with adopt_existing: the same domains are taken over, nothing new is created -------
    run.set_program(program(True))
    before = len(emu.api_requests())
    assert run.up().summary.resource_changes == {"create": 2, "same": 1}
    writes = [r for r in emu.api_requests()[before:] if r["method"] != "GET"]
    assert writes == [], f"adopting must not write: {writes}"
    out = run.outputs()
    assert (out["scw_id"], out["fh_id"]) == (existing_scw, existing_fh)
    assert out["scw_dkim"] == f"scw-mbox._domainkey.{NAME}"
    assert out["fh_domain"] == NAME  # normalised: lower case, no trailing dot
    assert run.preview().change_summary == {"same": 3}
