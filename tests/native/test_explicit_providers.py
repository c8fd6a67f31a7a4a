"""Two explicit ``pulumi:providers:mail-domains`` instances: one stack, two Scaleway projects."""

from __future__ import annotations

import json

from support.emulator import (
    SCW_OTHER_PROJECT,
    SCW_OTHER_TOKEN,
    SCW_PROJECT,
    SCW_TOKEN,
    Emulator,
    scaleway_client,
)
from support.mail import assert_no_token
from support.native import CliStackFactory

DECOY_KEY = "deadbeef-dead-4bee-8eef-deadbeefdead"
DECOY_PROJECT = "00000000-0000-4000-8000-000000000000"


def _provider(key: str, project: str, emu: Emulator) -> dict[str, object]:
    return {
        "type": "pulumi:providers:mail-domains",
        "properties": {
            "scalewaySecretKey": key,  # a plain literal: the schema alone must make it secret
            "scalewayProjectId": project,
            "scalewayApiUrl": emu.url,
        },
    }


def _domain(name: str, provider: str) -> dict[str, object]:
    return {
        "type": "mail-domains:scaleway:MailboxDomain",
        "properties": {"name": name},
        "options": {"provider": f"${{{provider}}}"},
    }


def _names_seen_by(emu: Emulator, token: str, project: str) -> list[str]:
    with scaleway_client(emu, token) as client:
        response = client.get("/domains", params={"project_id": project})
        response.raise_for_status()
        return sorted(d["name"] for d in response.json()["domains"])


def test_two_providers_create_one_domain_in_each_project(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    program = {
        "name": "native-providers",
        "resources": {
            "main": _provider(SCW_TOKEN, SCW_PROJECT, emu),
            "other": _provider(SCW_OTHER_TOKEN, SCW_OTHER_PROJECT, emu),
            "first": _domain("first.example.test", "main"),
            "second": _domain("second.example.test", "other"),
        },
        "outputs": {"firstProject": "${first.projectId}", "secondProject": "${second.projectId}"},
    }
    # The environment's key and project would fail or land elsewhere: only the explicit
    # providers' inputs can make this work.
    stack = cli_stack(
        program, env={"SCW_SECRET_KEY": DECOY_KEY, "SCW_DEFAULT_PROJECT_ID": DECOY_PROJECT}
    )
    stack.up()

    assert stack.outputs() == {"firstProject": SCW_PROJECT, "secondProject": SCW_OTHER_PROJECT}
    assert _names_seen_by(emu, SCW_TOKEN, SCW_PROJECT) == ["first.example.test"]
    assert _names_seen_by(emu, SCW_OTHER_TOKEN, SCW_OTHER_PROJECT) == ["second.example.test"]
    stack.preview(expect_no_changes=True)

    exported = stack.export()
    providers = [
        r
        for r in exported["deployment"]["resources"]
        if r["type"] == "pulumi:providers:mail-domains"
    ]
    assert len(providers) == 2
    for provider in providers:
        assert "ciphertext" in json.dumps(provider["inputs"]["scalewaySecretKey"])
    tokens = (SCW_TOKEN, SCW_OTHER_TOKEN)
    assert_no_token(json.dumps(exported), "exported state", tokens)
    assert_no_token(stack.log_text(), "engine output", tokens)
