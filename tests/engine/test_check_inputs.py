"""Bad inputs fail at preview, in the provider's ``check``, before any API call.

Each case is previewed on its own (the engine stops at the first resource whose inputs fail,
so grouping them would hide all but one message), on one stack shared by the module. The
emulator's request log must stay empty: a typo never reaches a vendor. The full corpus also
runs against ``check`` directly in tests/unit/test_check_inputs.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from support.bad_inputs import (
    DOMAIN_ID,
    ENGINE_CASES,
    FH_DOMAIN,
    FH_VERIFICATION,
    SCW_DOMAIN,
    SCW_VALIDATION,
    BadInput,
)
from support.emulator import Emulator
from support.engine import StackRun, new_stack

RESOURCES: dict[str, Callable[..., pulumi.CustomResource]] = {
    SCW_DOMAIN: lambda **kw: scaleway.MailboxDomain("bad", **kw),
    SCW_VALIDATION: lambda **kw: scaleway.MailboxDomainValidation("bad", **kw),
    FH_DOMAIN: lambda **kw: fullhelp.Domain("bad", **kw),
    FH_VERIFICATION: lambda **kw: fullhelp.DomainVerification("bad", **kw),
}


@pytest.fixture(scope="module")
def preview_stack(
    pulumi_engine: Path, engine_emulator_process: Emulator, tmp_path_factory: pytest.TempPathFactory
) -> StackRun:
    """One stack for every case: previews create nothing, so there is nothing to destroy."""
    return new_stack(
        lambda: None,
        tmp_path_factory.mktemp("check-inputs"),
        env=engine_emulator_process.provider_env(),
    )


def program(case: BadInput) -> Callable[[], None]:
    inputs: dict[str, Any] = case.inputs()

    def run() -> None:
        RESOURCES[case.resource](**inputs)

    return run


@pytest.mark.parametrize("case", ENGINE_CASES, ids=[case.id for case in ENGINE_CASES])
def test_bad_input_fails_at_preview_without_api_calls(
    preview_stack: StackRun, emu: Emulator, case: BadInput
) -> None:
    preview_stack.set_program(program(case))
    with pytest.raises(auto.CommandError) as failed:
        preview_stack.preview()
    text = str(failed.value)
    assert f"resource 'bad': property {case.prop} value" in text, text
    assert case.words in text, text
    assert emu.api_requests() == []


def test_numbers_given_as_floats_are_accepted(preview_stack: StackRun, emu: Emulator) -> None:
    # Integers as JSON numbers (floats) and as text, outside the declared int.
    one: Any = 1.0
    seven: Any = 7.0
    one_text: Any = "1"

    def valid() -> None:
        fullhelp.Domain("fh", domain="Floats.Example.Test.", account_id=one)
        fullhelp.DomainVerification("fv", domain_id=seven, account_id=one_text, timeout_seconds=2.5)
        scaleway.MailboxDomainValidation("sv", domain_id=DOMAIN_ID.upper(), timeout_seconds=30.0)

    preview_stack.set_program(valid)
    assert preview_stack.preview().change_summary == {"create": 4}
    assert emu.api_requests() == []
