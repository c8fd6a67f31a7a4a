"""Both domain resources through the real engine: create, outputs, no-ops, zone, rename, destroy.

One stack holds a Scaleway MailboxDomain and a FullHelp Domain and walks them through their
whole life; the emulator's request log proves which steps make API writes and which do not.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pulumi

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import FH_ACCOUNT, SCW_PROJECT, Emulator
from support.engine import StackFactory, StackRun
from support.mail import (
    FULLHELP_KEYS,
    SCALEWAY_KEYS,
    assert_no_token,
    check_records_output,
    fullhelp_domains,
    number,
    scaleway_api,
    scaleway_domains,
    writes_since,
)

FIRST = "life.example.test"
SECOND = "life2.example.test"
PARENT = "example.test"


def program(name: str, zone: str | None = None) -> Callable[[], None]:
    def run() -> None:
        scw = scaleway.MailboxDomain("scw", name=name, zone=zone)
        # An integer given as a float (as JSON numbers are) is accepted, outside the declared int.
        json_number: Any = 1.0
        fh = fullhelp.Domain("fh", domain=name, account_id=json_number, zone=zone)
        for prefix, domain in (("scw", scw), ("fh", fh)):
            pulumi.export(f"{prefix}_id", domain.id)
            pulumi.export(f"{prefix}_zone", domain.zone)
            pulumi.export(f"{prefix}_dns_records", domain.dns_records)
            pulumi.export(f"{prefix}_records", domain.records)
            pulumi.export(f"{prefix}_zone_file", domain.zone_file)
            pulumi.export(f"{prefix}_created_at", domain.created_at)
            # records[key] at program time, no apply: what DNS resources are declared with.
            pulumi.export(f"{prefix}_dkim_fqdn", domain.records["dkim"]["fqdn"])
            pulumi.export(f"{prefix}_spf_name", domain.records["spf"]["name"])
        pulumi.export("scw_name", scw.name)
        pulumi.export("scw_project_id", scw.project_id)
        pulumi.export("scw_status", scw.status)
        pulumi.export("scw_mailbox_total_count", scw.mailbox_total_count)
        pulumi.export("scw_urls", [scw.webmail_url, scw.imap_url, scw.pop3_url, scw.smtp_url])
        pulumi.export("scw_force_destroy", scw.force_destroy)
        pulumi.export("fh_domain", fh.domain)
        pulumi.export("fh_account_id", fh.account_id)
        pulumi.export("fh_verified", fh.verified)
        pulumi.export("fh_subdomain", fh.subdomain)

    return run


def check_outputs(out: dict[str, Any], name: str, zone: str) -> None:
    """Every output of both resources, including the full DnsRecord shapes."""
    # Scaleway
    uuid.UUID(out["scw_id"])
    assert out["scw_name"] == name and out["scw_project_id"] == SCW_PROJECT
    assert out["scw_zone"] == zone
    assert out["scw_status"] == "waiting_validation"
    assert number(out["scw_mailbox_total_count"]) == 0
    assert all(isinstance(url, str) and url for url in out["scw_urls"])
    assert out["scw_force_destroy"] is False
    check_records_output(
        out["scw_dns_records"], out["scw_records"], out["scw_zone_file"], zone, SCALEWAY_KEYS
    )
    scw = out["scw_records"]
    assert [r["key"] for r in out["scw_dns_records"]] == [
        "dkim", "dmarc", "domain_validation", "mx", "spf",
        "autoconfig", "autodiscover", "imap", "pop3", "submission",
        "caldav", "carddav",
    ]  # fmt: skip
    apex = "@" if zone == name else name.removesuffix("." + zone)
    assert scw["spf"]["name"] == apex and scw["spf"]["fqdn"] == name
    assert scw["dkim"]["fqdn"] == f"scw-mbox._domainkey.{name}"
    assert scw["dkim"]["name"] == ("scw-mbox._domainkey" + ("" if apex == "@" else f".{apex}"))
    # A 2048-bit DKIM key does not fit one TXT string: split, quoted, joined back exactly.
    dkim = scw["dkim"]
    assert len(dkim["value"]) > 255 and len(dkim["txt_chunks"]) >= 2
    assert dkim["value"].startswith("v=DKIM1;") and '" "' in dkim["content"]
    mx = scw["mx"]
    assert (mx["type"], number(mx["priority"]), mx["value"], mx["content"]) == (
        "MX", 10, "smtp.mailbox.scw.eu", "10 smtp.mailbox.scw.eu."
    )  # fmt: skip
    imap = scw["imap"]
    assert imap["type"] == "SRV" and imap["fqdn"] == f"_imaps._tcp.{name}"
    assert [number(imap[k]) for k in ("priority", "weight", "port")] == [0, 1, 993]
    assert imap["content"] == "0 1 993 imap.mailbox.scw.eu."
    assert scw["autoconfig"]["content"] == "autoconfig.mailbox.scw.eu."
    assert {r["status"] for r in scw.values()} == {"unknown_status"}
    assert not any(r["verified"] for r in scw.values())
    assert out["scw_dkim_fqdn"] == dkim["fqdn"] and out["scw_spf_name"] == apex

    # FullHelp
    assert out["fh_id"].isdigit()
    assert out["fh_domain"] == name and out["fh_zone"] == zone
    assert number(out["fh_account_id"]) == FH_ACCOUNT
    assert out["fh_verified"] is False
    check_records_output(
        out["fh_dns_records"], out["fh_records"], out["fh_zone_file"], zone, FULLHELP_KEYS
    )
    fh = out["fh_records"]
    assert [r["key"] for r in out["fh_dns_records"]] == ["dkim", "return_path", "spf"]
    assert {r["level"] for r in fh.values()} == {"required"}
    assert [fh[k]["label"] for k in ("dkim", "spf", "return_path")] == [
        "DKIM", "SPF", "Return-Path"
    ]  # fmt: skip
    assert fh["dkim"]["fqdn"].endswith(f"._domainkey.{name}") and fh["dkim"]["type"] == "TXT"
    assert len(fh["dkim"]["value"]) > 255 and len(fh["dkim"]["txt_chunks"]) >= 2
    assert fh["spf"]["fqdn"] == name and fh["spf"]["name"] == apex
    rp = fh["return_path"]
    assert (rp["type"], rp["fqdn"], rp["value"], rp["content"]) == (
        "CNAME", f"fh-bounces.{name}", "bounces.fullhelp.com", "bounces.fullhelp.com."
    )  # fmt: skip
    assert {r["status"] for r in fh.values()} == {"unverified"}
    assert out["fh_dkim_fqdn"] == fh["dkim"]["fqdn"] and out["fh_spf_name"] == apex


def check_against_api(emu: Emulator, out: dict[str, Any]) -> None:
    """The outputs say what the vendor APIs say (not just what the provider computed)."""
    with scaleway_api(emu) as api:
        api_records = api.get_domain_records(out["scw_id"]).by_key()
    for key, record in out["scw_records"].items():
        api_record = api_records[key]
        assert record["fqdn"] == api_record.dns_name.rstrip(".")
        assert record["level"] == api_record.level
        if record["type"] == "TXT":
            assert record["value"] == api_record.dns_value
        else:
            assert record["content"] == api_record.dns_value
    (fh_domain,) = fullhelp_domains(emu)
    assert str(fh_domain.id) == out["fh_id"]
    by_label = {r.label: r for r in fh_domain.dns_records}
    for record in out["fh_records"].values():
        fh_record = by_label[record["label"]]
        assert record["type"] == fh_record.type
        assert record["value"] == fh_record.value
        expected = out["fh_domain"] if fh_record.hostname == "@" else fh_record.hostname
        assert record["fqdn"] in (expected, f"{expected}.{out['fh_domain']}")


def assert_quiet(emu: Emulator, before: int, what: str) -> None:
    writes = writes_since(emu, before)
    assert writes == [], f"{what} made API writes: {writes}"


def test_domain_lifecycle_through_the_engine(make_stack: StackFactory, emu: Emulator) -> None:
    run: StackRun = make_stack(program(FIRST))

    # -- create --------------------------------------------------------------------------
    up = run.up()
    assert up.summary.resource_changes == {"create": 3}
    out = run.outputs()
    check_outputs(out, FIRST, FIRST)
    check_against_api(emu, out)
    assert [d.id for d in scaleway_domains(emu)] == [out["scw_id"]]
    # Integers arrive as floats from the engine; the API must still see /accounts/1/.
    paths = [r["path"] for r in emu.api_requests() if r["path"].startswith("/api/v1/")]
    assert paths and all(p.startswith(f"/api/v1/accounts/{FH_ACCOUNT}/") for p in paths), paths

    # -- a preview and a second up with the same program change nothing -------------------
    before = len(emu.api_requests())
    preview = run.preview()
    assert preview.change_summary == {"same": 3}
    assert_quiet(emu, before, "a no-change preview")

    before = len(emu.api_requests())
    again = run.up()
    assert again.summary.resource_changes == {"same": 3}
    assert_quiet(emu, before, "a no-change up")
    assert run.outputs() == out

    # -- zone: an update without API writes; names become relative to the new zone --------
    run.set_program(program(FIRST, zone=PARENT))
    before = len(emu.api_requests())
    rezoned = run.up()
    assert rezoned.summary.resource_changes == {"update": 2, "same": 1}
    assert_quiet(emu, before, "a zone change")
    moved = run.outputs()
    check_outputs(moved, FIRST, PARENT)
    assert (moved["scw_id"], moved["fh_id"]) == (out["scw_id"], out["fh_id"])
    assert moved["scw_records"]["spf"]["name"] == "life"
    assert moved["fh_records"]["return_path"]["name"] == "fh-bounces.life"
    # Same records, other names: the absolute zone file does not change.
    assert moved["scw_zone_file"] == out["scw_zone_file"]
    assert moved["fh_zone_file"] == out["fh_zone_file"]

    # -- rename: FullHelp updates in place, Scaleway replaces (create before delete) -------
    run.set_program(program(SECOND, zone=PARENT))
    before = len(emu.api_requests())
    renamed = run.up()
    assert renamed.summary.resource_changes == {"replace": 1, "update": 1, "same": 1}
    new = run.outputs()
    check_outputs(new, SECOND, PARENT)
    check_against_api(emu, new)
    assert new["fh_id"] == out["fh_id"], "a FullHelp rename must keep the domain id"
    assert new["fh_records"]["dkim"]["value"] != out["fh_records"]["dkim"]["value"]
    assert new["scw_id"] != out["scw_id"], "a Scaleway rename must replace the domain"
    assert new["scw_records"]["spf"]["name"] == "life2"
    writes = [(r["method"], r["path"]) for r in writes_since(emu, before)]
    scw_writes = [w for w in writes if w[1].startswith("/mailbox/")]
    assert scw_writes == [
        ("POST", "/mailbox/v1alpha1/domains"),
        ("DELETE", f"/mailbox/v1alpha1/domains/{out['scw_id']}"),
    ], scw_writes
    assert [w for w in writes if w[1].startswith("/api/")] == [
        ("PUT", f"/api/v1/accounts/{FH_ACCOUNT}/domains/{out['fh_id']}")
    ]
    assert [(d.id, d.name) for d in scaleway_domains(emu)] == [(new["scw_id"], SECOND)]
    assert [(str(d.id), d.domain) for d in fullhelp_domains(emu)] == [(out["fh_id"], SECOND)]

    # Credentials come from the environment: never in inputs, outputs or __provider.
    assert_no_token(json.dumps(run.exported_state()), "the exported state")

    # -- destroy leaves nothing behind, and no credential was ever written or printed -----
    destroyed = run.destroy()
    assert destroyed.summary.resource_changes == {"delete": 3}
    assert scaleway_domains(emu) == []
    assert fullhelp_domains(emu) == []
    assert_no_token(run.state_files_text(), "the backend files")
    assert_no_token(run.output_text(), "the engine output")
