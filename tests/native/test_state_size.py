"""Lean state through the native plugin: with ``mail-domains:recordViews: stored`` a domain's
whole state entry is at most 4 KB for either vendor, and a YAML program gets every view back from
the ``mail-domains:index:recordViews`` function, feeds a record set with it (BIND9 serves the
record) and previews with no changes. The default (``full``) still outputs every view, and the
function gives the same views from those outputs."""

from __future__ import annotations

import json
from typing import Any

from support.bind import BindServer
from support.emulator import Emulator
from support.native import CliStackFactory

STATE_BYTES_PER_DOMAIN = 4096
ZONE = "other.test"
SCALEWAY = "mail-domains:scaleway:MailboxDomain"
FULLHELP = "mail-domains:fullhelp:Domain"
VIEWS = ("records", "dnsRecords", "zoneFile")


def _views(domain: str, records: str = "storedRecords", name: str = "name") -> dict[str, Any]:
    arguments = {
        "records": f"${{{domain}.{records}}}",
        "zone": f"${{{domain}.zone}}",
        "domain": f"${{{domain}.{name}}}",
    }
    return {"fn::invoke": {"function": "mail-domains:index:recordViews", "arguments": arguments}}


def _program(bind: BindServer) -> dict[str, Any]:
    dkim = '${scwViews.records["dkim"]'
    return {
        "name": "native-state-size",
        "variables": {
            "scwViews": _views("scw"),
            "fhViews": _views("fh", name="domain"),
            "fullViews": _views("full", "records"),
        },
        "resources": {
            "scw": {"type": SCALEWAY, "properties": {"name": ZONE}},
            "fh": {"type": FULLHELP, "properties": {"domain": f"help.{ZONE}"}},
            # A provider of its own keeps the default: every view in the outputs.
            "fullViewsProvider": {"type": "pulumi:providers:mail-domains", "properties": {}},
            "full": {
                "type": SCALEWAY,
                "properties": {"name": f"full.{ZONE}", "zone": ZONE},
                "options": {"provider": "${fullViewsProvider}"},
            },
            "dkim": {
                "type": "mail-domains:dns:RecordSet",
                "properties": {
                    "server": bind.address,
                    "tsigKeyName": bind.tsig_name,
                    "zone": f"{dkim}.zone}}",
                    "name": f"{dkim}.name}}",
                    "type": "TXT",
                    "ttl": f"{dkim}.ttl}}",
                    "values": [f"{dkim}.content}}"],
                },
            },
        },
        "outputs": {
            "scwZoneFile": "${scwViews.zoneFile}",
            "scwDnsRecords": "${scwViews.dnsRecords}",
            "fhZoneFile": "${fhViews.zoneFile}",
            "fullZoneFile": "${full.zoneFile}",
            "fullDnsRecords": "${full.dnsRecords}",
            "fullViaFunction": "${fullViews}",
        },
    }


def _size(entry: dict[str, Any]) -> int:
    return len(json.dumps(entry, separators=(",", ":")))


def test_lean_domains_stay_under_4_kb_and_the_function_gives_every_view(
    dns_cli_stack: CliStackFactory, dns_emu: Emulator, bind_server: BindServer
) -> None:
    stack = dns_cli_stack(
        _program(bind_server),
        config=[
            ("mail-domains:recordViews", "stored", False),
            ("mail-domains:dnsTsigSecret", bind_server.tsig_secret, True),
        ],
    )
    # A first preview: the function's arguments are unknown until the domains exist.
    stack.preview()
    stack.up()

    by_name = {r["urn"].rsplit("::", 1)[1]: r for r in stack.resources()}
    for name in ("scw", "fh"):
        entry = by_name[name]
        size = _size(entry)
        print(f"\n{entry['type']} (recordViews: stored): {size} bytes in the state")
        assert size <= STATE_BYTES_PER_DOMAIN, f"{name}: {size} bytes"
        assert entry["outputs"]["storedRecords"], name
        assert not set(VIEWS) & set(entry["outputs"]), name
    full = by_name["full"]["outputs"]
    print(f"\n{SCALEWAY} (recordViews: full): {_size(by_name['full'])} bytes in the state")
    assert set(VIEWS) <= set(full) and "storedRecords" not in full

    outputs = stack.outputs()
    stored = by_name["scw"]["outputs"]["storedRecords"]
    assert len(outputs["scwDnsRecords"]) == len(stored) == 12
    dkim = next(r for r in outputs["scwDnsRecords"] if r["key"] == "dkim")
    assert stored["dkim"].endswith(f" TXT {dkim['content']}"), "stored as the zone file writes it"
    assert dkim["fqdn"] == f"{dkim['name']}.{ZONE}" and dkim["zone"] == ZONE
    assert bind_server.query(dkim["fqdn"], "TXT") == [dkim["content"]]
    assert f"{dkim['fqdn']}.\t3600\tIN\tTXT\t" in outputs["scwZoneFile"]
    assert outputs["fhZoneFile"].count("\n") == len(by_name["fh"]["outputs"]["storedRecords"])
    via_function = outputs["fullViaFunction"]
    assert via_function["zoneFile"] == outputs["fullZoneFile"]
    assert via_function["dnsRecords"] == outputs["fullDnsRecords"]

    stack.preview(expect_no_changes=True)
    stack.refresh()
    stack.preview(expect_no_changes=True)
    refreshed = {r["urn"].rsplit("::", 1)[1]: r["outputs"] for r in stack.resources()}
    assert not set(VIEWS) & set(refreshed["scw"]) and refreshed["scw"]["storedRecords"] == stored


def test_an_unknown_record_views_value_fails_before_any_api_call(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    program = {
        "name": "native-record-views",
        "resources": {"scw": {"type": SCALEWAY, "properties": {"name": f"bad.{ZONE}"}}},
    }
    stack = cli_stack(program, config=[("mail-domains:recordViews", "lean", False)])
    sent = len(emu.api_requests())
    failed = stack.run("up", "--yes", "--skip-preview", check=False)
    assert failed.returncode != 0
    assert "mail-domains:recordViews" in failed.stdout + failed.stderr
    assert "full, stored" in failed.stdout + failed.stderr
    assert len(emu.api_requests()) == sent, "no API call"
