"""The YAML quickstart (examples/yaml-quickstart) end to end: real CLI, YAML host, plugin,
emulator verifying through DNS queries to a real BIND9 that the record sets were sent to."""

from __future__ import annotations

import json
from pathlib import Path

from support.bind import BindServer
from support.emulator import FH_ACCOUNT, Emulator
from support.mail import assert_no_token, fullhelp_domains, scaleway_domains
from support.native import CliStackFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yaml-quickstart" / "Pulumi.yaml"
ZONE = "quickstart.test"
PROJECT = "mail-domains-yaml-quickstart"
RECORD_SETS = 7  # 4 for Scaleway (apex TXT, DKIM, DMARC, MX), 3 for FullHelp


def test_yaml_quickstart_up_preview_refresh_destroy(
    dns_cli_stack: CliStackFactory, dns_emu: Emulator, bind_server: BindServer
) -> None:
    stack = dns_cli_stack(
        EXAMPLE.read_text(),
        config=[
            (f"{PROJECT}:zone", ZONE, False),
            (f"{PROJECT}:dnsServer", bind_server.address, False),
            (f"{PROJECT}:tsigKeyName", bind_server.tsig_name, False),
            ("mail-domains:dnsTsigSecret", bind_server.tsig_secret, True),
        ],
    )
    stack.up()

    outputs = stack.outputs()
    assert outputs["mailboxDomain"] == ZONE
    assert outputs["helpdeskDomain"] == f"support.{ZONE}"
    assert outputs["mailboxValidated"] is True
    assert outputs["helpdeskVerified"] is True
    assert outputs["helpdeskAccountId"] == FH_ACCOUNT and isinstance(
        outputs["helpdeskAccountId"], int
    )
    # The records reached BIND9 through the plugin's UPDATEs, so the emulator's own DNS
    # queries found them: that is what validated the domains.
    dkim_fqdn = next(
        r["fqdn"]
        for r in stack.resources("mail-domains:scaleway:MailboxDomain")[0]["outputs"]["dnsRecords"]
        if r["key"] == "dkim"
    )
    assert bind_server.query(dkim_fqdn, "TXT") == [outputs["mailboxDkim"]]
    apex_txt = " ".join(bind_server.query(ZONE, "TXT"))
    assert "scaleway-mailbox=" in apex_txt and "v=spf1" in apex_txt
    assert bind_server.query(ZONE, "MX")
    (scw,) = scaleway_domains(dns_emu)
    assert (scw.id, scw.name, scw.status) == (outputs["mailboxId"], ZONE, "ready")
    (fh,) = fullhelp_domains(dns_emu)
    assert (str(fh.id), fh.domain) == (outputs["helpdeskId"], f"support.{ZONE}")
    assert len(stack.resources("mail-domains:dns:RecordSet")) == RECORD_SETS

    stack.preview(expect_no_changes=True)
    stack.refresh()
    stack.preview(expect_no_changes=True)
    assert len(stack.resources("mail-domains:")) == RECORD_SETS + 4

    state = json.dumps(stack.export())
    assert_no_token(state, "exported state", [bind_server.tsig_secret])
    assert_no_token(stack.log_text(), "engine output", [bind_server.tsig_secret])

    stack.destroy()
    assert scaleway_domains(dns_emu) == []
    assert fullhelp_domains(dns_emu) == []
    assert bind_server.query(dkim_fqdn, "TXT") == []
    assert bind_server.query(ZONE, "MX") == []
    assert stack.resources("mail-domains:") == []
