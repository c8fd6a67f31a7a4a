"""Credentials as secret stack config: they win over the environment and never leak.

The environment holds decoy tokens the emulator rejects, so the run only works if the
providers read the stack config first. Neither the real tokens nor the decoys may appear in
the backend's files (raw, i.e. as stored: Pulumi keeps stack config encrypted on the
default provider), in the dynamic resources' inputs/outputs/``__provider``, or anywhere in
the engine's output, including the error of a failed authentication.
"""

from __future__ import annotations

import json

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import FH_TOKEN, SCW_TOKEN, Emulator
from support.engine import StackFactory, decoded_provider
from support.mail import assert_no_token, fullhelp_domains, scaleway_domains

DECOY_SCW = "deadbeef-dead-4bee-8eef-deadbeefdead"
DECOY_FH = "fh-decoy-token-never-valid"
WRONG_SCW = "0badc0de-0bad-4c0d-8e00-0badc0de0bad"
ALL_TOKENS = (SCW_TOKEN, FH_TOKEN, DECOY_SCW, DECOY_FH, WRONG_SCW)


def program() -> None:
    scw = scaleway.MailboxDomain("scw", name="secret.example.test")
    fh = fullhelp.Domain("fh", domain="secret.example.test")
    pulumi.export("scw_id", scw.id)
    pulumi.export("fh_id", fh.id)


def program_and_another() -> None:
    program()
    scaleway.MailboxDomain("scw2", name="other.example.test")


def secret(value: str) -> auto.ConfigValue:
    return auto.ConfigValue(value=value, secret=True)


def test_tokens_from_secret_config_never_reach_state_or_logs(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(
        program,
        env={"SCW_SECRET_KEY": DECOY_SCW, "FULLHELP_TOKEN": DECOY_FH},
        config={
            "scaleway:secretKey": secret(SCW_TOKEN),
            "fullhelp:token": secret(FH_TOKEN),
            "scaleway:apiUrl": auto.ConfigValue(value=emu.url),
            "fullhelp:url": auto.ConfigValue(value=emu.url),
        },
    )
    assert run.up().summary.resource_changes == {"create": 3}
    assert len(scaleway_domains(emu)) == 1 and len(fullhelp_domains(emu)) == 1
    assert run.preview().change_summary == {"same": 3}

    assert_no_token(run.state_files_text(), "the backend files", ALL_TOKENS)
    resources = run.resources("Domain")
    assert len(resources) == 2
    for resource in resources:
        fields = {key: resource.get(key) for key in ("inputs", "outputs")}
        assert_no_token(json.dumps(fields), f"the state of {resource['urn']}", ALL_TOKENS)
        payload = decoded_provider(resource).decode("latin-1")
        assert_no_token(payload, "the pickled provider", ALL_TOKENS)

    # A rejected key: the error says what to check, never the key itself.
    run.stack.set_config("scaleway:secretKey", secret(WRONG_SCW))
    run.set_program(program_and_another)
    with pytest.raises(auto.CommandError) as denied:
        run.up()
    assert "scaleway:secretKey" in str(denied.value) and "HTTP 401" in str(denied.value)
    assert_no_token(str(denied.value), "the authentication error", ALL_TOKENS)

    # The provider configuration lives in the state: an up stores the right key again
    # (destroy does not run the program and would use the key last stored).
    run.stack.set_config("scaleway:secretKey", secret(SCW_TOKEN))
    run.set_program(program)
    assert run.up().summary.resource_changes == {"same": 3}
    assert run.destroy().summary.resource_changes == {"delete": 3}
    assert scaleway_domains(emu) == [] and fullhelp_domains(emu) == []
    assert_no_token(run.output_text(), "the engine output", ALL_TOKENS)
    assert_no_token(run.state_files_text(), "the backend files", ALL_TOKENS)
