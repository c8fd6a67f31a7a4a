"""The same shared name through Pulumi YAML and the native plugin's ``mergeSenderPolicies``.

A Scaleway Mailbox domain and a FullHelp domain at one name, the merged SPF and DMARC records
published to BIND9 from the function's results: one SPF record, both vendors verify, and pyspf
passes each vendor's network and fails a stranger.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.bind import BindServer
from support.emulator import Emulator
from support.native import new_cli_stack
from support.senders import (
    FULLHELP_HOST,
    OWN_HOST,
    OWN_NETWORK,
    SCALEWAY_HOST,
    STRANGER,
    ZONE,
    evaluate,
    spf_records,
)

pytestmark = [pytest.mark.engine, pytest.mark.dns]

NAME = f"yaml.{ZONE}"


def record_set(bind: BindServer, rtype: str, name: str, *values: str) -> dict[str, Any]:
    return {
        "type": "mail-domains:dns:RecordSet",
        "properties": {
            "server": bind.address,
            "tsigKeyName": bind.tsig_name,
            "zone": ZONE,
            "name": name,
            "type": rtype,
            "values": list(values),
        },
    }


def program(bind: BindServer) -> dict[str, Any]:
    published = ["apex-txt", "mailbox-dkim", "dmarc", "mx", "helpdesk-dkim", "return-path"]
    return {
        "name": "spf-yaml",
        "variables": {
            "senders": {
                "fn::invoke": {
                    "function": "mail-domains:dns:mergeSenderPolicies",
                    "arguments": {
                        "domains": [
                            {"vendor": "scaleway", "name": NAME},
                            {"vendor": "fullhelp", "name": NAME},
                        ],
                        "spf": [{"name": NAME, "mechanisms": [f"ip4:{OWN_NETWORK}"]}],
                    },
                }
            }
        },
        "resources": {
            "mailbox": {
                "type": "mail-domains:scaleway:MailboxDomain",
                "properties": {"name": NAME, "zone": ZONE},
            },
            "helpdesk": {
                "type": "mail-domains:fullhelp:Domain",
                "properties": {"domain": NAME, "zone": ZONE},
            },
            # One TXT record set at the shared name: Scaleway's token and the merged SPF.
            "apex-txt": record_set(
                bind,
                "TXT",
                "yaml",
                '${mailbox.records["domain_validation"].content}',
                "${senders.spf[0].content}",
            ),
            "dmarc": record_set(bind, "TXT", "_dmarc.yaml", "${senders.dmarc[0].content}"),
            "mailbox-dkim": record_set(
                bind,
                "TXT",
                '${mailbox.records["dkim"].name}',
                '${mailbox.records["dkim"].content}',
            ),
            "mx": record_set(bind, "MX", "yaml", '${mailbox.records["mx"].content}'),
            "helpdesk-dkim": record_set(
                bind,
                "TXT",
                '${helpdesk.records["dkim"].name}',
                '${helpdesk.records["dkim"].content}',
            ),
            "return-path": record_set(
                bind,
                "CNAME",
                '${helpdesk.records["return_path"].name}',
                '${helpdesk.records["return_path"].content}',
            ),
            "validation": {
                "type": "mail-domains:scaleway:MailboxDomainValidation",
                "properties": {"domainId": "${mailbox.id}", "timeoutSeconds": 60},
                "options": {"dependsOn": [f"${{{name}}}" for name in published]},
            },
            "verification": {
                "type": "mail-domains:fullhelp:DomainVerification",
                "properties": {"domainId": "${helpdesk.id}", "timeoutSeconds": 60},
                "options": {"dependsOn": [f"${{{name}}}" for name in published]},
            },
        },
        "outputs": {
            "validated": "${validation.validated}",
            "verified": "${verification.verified}",
            "spf": "${senders.spf[0].value}",
            "lookups": "${senders.spf[0].lookups}",
        },
    }


def test_yaml_merge_one_spf_record_both_vendors_verify(
    pulumi_engine: Path, sender_emulator: Emulator, sender_bind: BindServer, tmp_path: Path
) -> None:
    env = {**sender_emulator.provider_env(), "DNS_TSIG_SECRET": sender_bind.tsig_secret}
    stack = new_cli_stack(program(sender_bind), tmp_path, env=env)
    try:
        stack.up()
        outputs = stack.outputs()
        expected = (
            f"v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:{OWN_NETWORK} -all"
        )
        assert outputs == {"validated": True, "verified": True, "spf": expected, "lookups": 2}
        assert spf_records(sender_bind, NAME) == [expected]
        assert sender_bind.query(f"_dmarc.{NAME}.", "TXT") == ['"v=DMARC1; p=none"']
        verdicts = {
            address: evaluate(sender_bind, address, NAME)
            for address in (SCALEWAY_HOST, FULLHELP_HOST, OWN_HOST, STRANGER)
        }
        print(f"pyspf (YAML): {verdicts}")
        assert verdicts == {
            SCALEWAY_HOST: "pass",
            FULLHELP_HOST: "pass",
            OWN_HOST: "pass",
            STRANGER: "fail",
        }
        stack.preview(expect_no_changes=True)
    finally:
        stack.destroy()
    assert spf_records(sender_bind, NAME) == []
