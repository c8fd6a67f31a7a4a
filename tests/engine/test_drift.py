"""Changes made behind Pulumi's back: refresh sees them, the next up puts things right.

Out-of-band changes go through the package's API clients or raw HTTP, never through Pulumi.
"""

from __future__ import annotations

from typing import Any

import pulumi

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.records import present_records
from support.emulator import Emulator, fullhelp_client
from support.engine import StackFactory, StackRun
from support.mail import fullhelp_domains, scaleway_api, scaleway_domains

NAME = "drift.example.test"
RENAMED = "drifted.example.test"


def program() -> None:
    scw = scaleway.MailboxDomain("scw", name=NAME)
    fh = fullhelp.Domain("fh", domain=NAME)
    pulumi.export("scw_id", scw.id)
    pulumi.export("fh_id", fh.id)
    pulumi.export("fh_dkim_fqdn", fh.records["dkim"]["fqdn"])


def state_of(run: StackRun, type_suffix: str) -> list[dict[str, Any]]:
    return [r["outputs"] for r in run.resources(type_suffix)]


def test_out_of_band_changes_are_refreshed_and_repaired(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(program)
    assert run.up().summary.resource_changes == {"create": 3}
    first = run.outputs()

    # -- Scaleway domain deleted through the client, FullHelp domain renamed over raw HTTP --
    with scaleway_api(emu) as api:
        api.delete_domain(first["scw_id"])
        api.wait_until_deleted(first["scw_id"], timeout=10, min_delay=0.1)
    with fullhelp_client(emu) as fh:
        fh.put(f"/domains/{first['fh_id']}", json={"domain": RENAMED}).raise_for_status()

    refreshed = run.refresh()
    assert refreshed.summary.resource_changes == {"delete": 1, "update": 1, "same": 1}
    assert run.resources("scaleway:MailboxDomain") == [], "refresh must drop the deleted domain"
    (fh_state,) = state_of(run, "fullhelp:Domain")
    # The drift is visible: the outputs (and every record) now describe the live name.
    assert fh_state["domain"] == RENAMED
    records = present_records(fh_state["records"], fh_state["zone"], fh_state["domain"])["records"]
    assert {r["fqdn"] for r in records.values()} >= {RENAMED, f"fh-bounces.{RENAMED}"}
    assert fh_state["zone"] == RENAMED

    before = len(emu.api_requests())
    preview = run.preview()
    assert preview.change_summary == {"create": 1, "update": 1, "same": 1}
    assert [r for r in emu.api_requests()[before:] if r["method"] != "GET"] == []

    repaired = run.up()
    assert repaired.summary.resource_changes == {"create": 1, "update": 1, "same": 1}
    second = run.outputs()
    assert second["fh_id"] == first["fh_id"], "the rename is reverted in place"
    assert second["scw_id"] != first["scw_id"], "the deleted domain is created again"
    assert [(d.id, d.name) for d in scaleway_domains(emu)] == [(second["scw_id"], NAME)]
    assert [(str(d.id), d.domain) for d in fullhelp_domains(emu)] == [(first["fh_id"], NAME)]
    (fh_state,) = state_of(run, "fullhelp:Domain")
    assert fh_state["domain"] == NAME and second["fh_dkim_fqdn"].endswith(f"._domainkey.{NAME}")

    # -- FullHelp domain deleted over raw HTTP: dropped by refresh, recreated by up ---------
    with fullhelp_client(emu) as fh:
        assert fh.delete(f"/domains/{first['fh_id']}").status_code == 204
    assert run.refresh().summary.resource_changes == {"delete": 1, "same": 2}
    assert run.resources("fullhelp:Domain") == []
    assert run.up().summary.resource_changes == {"create": 1, "same": 2}
    third = run.outputs()
    assert third["fh_id"] != first["fh_id"] and third["scw_id"] == second["scw_id"]
    assert [(str(d.id), d.domain) for d in fullhelp_domains(emu)] == [(third["fh_id"], NAME)]
    assert run.preview().change_summary == {"same": 3}
