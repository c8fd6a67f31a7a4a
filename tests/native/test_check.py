"""Bad inputs fail the preview, naming the camelCase property, before any API call."""

from __future__ import annotations

from typing import Any

import pytest

from support.emulator import Emulator
from support.native import CliStackFactory

BAD_INPUTS: dict[str, dict[str, Any]] = {
    "mail-domains:scaleway:MailboxDomain": {"name": "not a domain", "projectId": "nope"},
    "mail-domains:fullhelp:Domain": {"domain": "also not a domain", "accountId": -3},
    "mail-domains:dns:RecordSet": {
        "zone": "example.test",
        "name": "_dmarc",
        "type": "TXT",
        "values": ['"v=DMARC1; p=none"'],
        "server": "127.0.0.1:notaport",
        "tsigKeyName": "test-key.",
        "tsigAlgorithm": "rot13",
    },
}
"""Each resource's inputs, among them bad ones."""

REJECTED = {
    "mail-domains:scaleway:MailboxDomain": {"name", "projectId"},
    "mail-domains:fullhelp:Domain": {"domain", "accountId"},
    "mail-domains:dns:RecordSet": {"server", "tsigAlgorithm"},
}
"""The inputs each preview must name as failures (all of them at once, by camelCase name)."""


@pytest.mark.parametrize("token", sorted(BAD_INPUTS))
def test_bad_inputs_fail_preview_by_property_before_any_api_call(
    cli_stack: CliStackFactory, emu: Emulator, token: str
) -> None:
    bad = BAD_INPUTS[token]
    program = {"name": "native-check", "resources": {"bad": {"type": token, "properties": bad}}}
    stack = cli_stack(program)
    emu.reset()  # nothing before the preview counts

    result = stack.preview(check=False)

    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    named = {p for p in bad if f"{token} resource 'bad': property {p} value" in text}
    assert named == REJECTED[token], text
    assert emu.api_requests() == [], "a check failure still reached the API"
    assert stack.resources() == []
