"""Integer outputs stay integers through the plugin, the state and ``pulumi stack output``."""

from __future__ import annotations

from support.emulator import FH_ACCOUNT, Emulator
from support.native import CliStackFactory


def test_account_id_ttl_and_counts_are_integers(cli_stack: CliStackFactory, emu: Emulator) -> None:
    program = {
        "name": "native-outputs",
        "resources": {
            "fh": {
                "type": "mail-domains:fullhelp:Domain",
                "properties": {"domain": "ints.example.test"},
            },
            "scw": {
                "type": "mail-domains:scaleway:MailboxDomain",
                "properties": {"name": "ints.example.test"},
            },
        },
        "outputs": {
            "accountId": "${fh.accountId}",
            "dkimTtl": '${fh.records["dkim"].ttl}',
            "mxPriority": '${scw.records["mx"].priority}',
            "mailboxes": "${scw.mailboxTotalCount}",
            "records": "${fh.dnsRecords}",
        },
    }
    stack = cli_stack(program)
    stack.up()

    outputs = stack.outputs()
    assert outputs["accountId"] == FH_ACCOUNT
    for name in ("accountId", "dkimTtl", "mxPriority", "mailboxes"):
        assert type(outputs[name]) is int, f"{name} = {outputs[name]!r}"
    assert outputs["dkimTtl"] > 0
    for record in outputs["records"]:
        assert type(record["ttl"]) is int
        assert "txtChunks" in record or record["type"] != "TXT"
    (fh,) = stack.resources("mail-domains:fullhelp:Domain")
    assert type(fh["outputs"]["accountId"]) is int
    assert type(fh["inputs"]["accountId"]) is int
