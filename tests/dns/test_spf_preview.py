"""Bad merges stop ``pulumi preview`` before any API call, through both front ends.

The domains do not exist yet, so their records are unknown at preview; the merge is checked from
what each vendor documents. The emulator's request log shows that not one API call was made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from support.emulator import Emulator
from support.engine import new_stack
from support.native import new_cli_stack
from support.senders import ZONE

pytestmark = pytest.mark.engine

# Nine lookups of the user's own beside the two vendors' includes: eleven in all.
NINE_LOOKUPS = [
    "a",
    "mx",
    "include:_spf.crm.example",
    "include:_spf.billing.example",
    "include:_spf.newsletter.example",
    "include:_spf.survey.example",
    "a:relay.example",
    "mx:backup.example",
    "exists:%{i}._spf.example",
]
ELEVEN_LOOKUPS = "needs 11 DNS lookups, more than the 10 RFC 7208 §4.6.4 allows"
TWO_POLICIES = f"two different DMARC policies for _dmarc.{ZONE}"


def python_program(**merge: Any) -> Any:
    def program() -> None:
        mailbox = scaleway.MailboxDomain("mailbox", name=ZONE)
        helpdesk = fullhelp.Domain("helpdesk", domain=ZONE)
        merged_record_sets(
            [
                DomainRecords("mailbox", "scaleway", ZONE, mailbox.records),
                DomainRecords("helpdesk", "fullhelp", ZONE, helpdesk.records),
            ],
            **merge,
        )

    return program


@pytest.mark.parametrize(
    ("merge", "says"),
    [
        ({"spf": {ZONE: NINE_LOOKUPS}}, ELEVEN_LOOKUPS),
        ({"dmarc": {ZONE: "v=DMARC1; p=reject"}}, TWO_POLICIES),
    ],
    ids=["eleven-lookups", "two-dmarc-policies"],
)
def test_python_program_preview(
    pulumi_engine: Path, emulator: Emulator, tmp_path: Path, merge: dict[str, Any], says: str
) -> None:
    stack = new_stack(python_program(**merge), tmp_path / "state", env=emulator.provider_env())
    with pytest.raises(auto.errors.CommandError) as failure:
        stack.preview()
    message = str(failure.value)
    assert says in message
    assert f"Scaleway Mailbox domain {ZONE}" in message
    if "spf" in merge:
        assert f"FullHelp domain {ZONE}" in message
        assert f"your SPF mechanisms for {ZONE}" in message
    else:
        assert f"your DMARC policy for {ZONE}" in message
    assert emulator.api_requests() == []


def yaml_program(arguments: dict[str, Any]) -> dict[str, Any]:
    """The domains and a record set fed by the merge (never reached when the merge fails)."""
    return {
        "name": "spf-preview",
        "variables": {
            "senders": {
                "fn::invoke": {
                    "function": "mail-domains:dns:mergeSenderPolicies",
                    "arguments": arguments,
                }
            }
        },
        "resources": {
            "mailbox": {
                "type": "mail-domains:scaleway:MailboxDomain",
                "properties": {"name": ZONE},
            },
            "helpdesk": {"type": "mail-domains:fullhelp:Domain", "properties": {"domain": ZONE}},
            "apex-txt": {
                "type": "mail-domains:dns:RecordSet",
                "properties": {
                    "server": "127.0.0.1:53",
                    "tsigKeyName": "preview-key.",
                    "zone": ZONE,
                    "name": "@",
                    "type": "TXT",
                    "values": [
                        '${mailbox.records["domain_validation"].content}',
                        "${senders.spf[0].content}",
                    ],
                },
            },
        },
    }


BOTH = [{"vendor": "scaleway", "name": ZONE}, {"vendor": "fullhelp", "name": ZONE}]


@pytest.mark.parametrize(
    ("arguments", "says", "names"),
    [
        (
            {"domains": BOTH, "spf": [{"name": ZONE, "mechanisms": NINE_LOOKUPS}]},
            ELEVEN_LOOKUPS,
            [f"Scaleway Mailbox domain {ZONE}", f"FullHelp domain {ZONE}"],
        ),
        (
            {
                "domains": [{"vendor": "fullhelp", "name": ZONE}],
                "dmarc": [
                    {"name": ZONE, "record": "v=DMARC1; p=reject"},
                    {"name": ZONE, "record": "v=DMARC1; p=quarantine"},
                ],
            },
            TWO_POLICIES,
            ["'v=DMARC1; p=reject'", "'v=DMARC1; p=quarantine'"],
        ),
        (
            {"domains": BOTH, "dmarc": [{"name": ZONE, "record": "v=DMARC1; p=reject"}]},
            TWO_POLICIES,
            [f"Scaleway Mailbox domain {ZONE}", "'v=DMARC1; p=none'"],
        ),
    ],
    ids=["eleven-lookups", "two-own-dmarc-policies", "own-dmarc-against-scaleway"],
)
def test_yaml_program_preview(
    pulumi_engine: Path,
    emulator: Emulator,
    tmp_path: Path,
    arguments: dict[str, Any],
    says: str,
    names: list[str],
) -> None:
    stack = new_cli_stack(yaml_program(arguments), tmp_path, env=emulator.provider_env())
    result = stack.preview(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert says in output
    for name in names:
        assert name in output
    assert emulator.api_requests() == []


def test_a_good_merge_previews_with_no_api_call(
    pulumi_engine: Path, emulator: Emulator, tmp_path: Path
) -> None:
    """The control: the same programs with a valid merge preview cleanly, still with no call."""
    stack = new_stack(
        python_program(spf={ZONE: NINE_LOOKUPS[:8]}),
        tmp_path / "python",
        env=emulator.provider_env(),
    )
    stack.preview()
    yaml_stack = new_cli_stack(
        yaml_program({"domains": BOTH, "spf": [{"name": ZONE, "mechanisms": ["mx"]}]}),
        tmp_path / "yaml",
        env={**emulator.provider_env(), "DNS_TSIG_SECRET": "cHJldmlldy1vbmx5LXNlY3JldA=="},
    )
    yaml_stack.preview()
    assert emulator.api_requests() == []
