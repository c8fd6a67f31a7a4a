"""The real engine end to end: up, preview, refresh and destroy of a packaged dynamic resource."""

from __future__ import annotations

import pickletools

import pulumi

from pulumi_mail_domains import fullhelp
from support.emulator import Emulator
from support.engine import StackFactory, decoded_provider


def program() -> None:
    domain = fullhelp.Domain("smoke", domain="smoke.example.com")
    pulumi.export("domain", domain.domain)
    pulumi.export("id", domain.id)


def test_lifecycle_through_the_engine(make_stack: StackFactory, emu: Emulator) -> None:
    run = make_stack(program)

    up = run.up()
    assert up.summary.resource_changes == {"create": 2}
    assert up.outputs["domain"].value == "smoke.example.com"

    preview = run.preview()
    assert preview.change_summary == {"same": 2}

    refresh = run.refresh()
    assert refresh.summary.resource_changes == {"same": 2}

    (resource,) = run.resources("fullhelp:Domain")
    payload = decoded_provider(resource)
    # Pickled by reference: a few dozen bytes naming the class, no code, no credentials.
    assert len(payload) < 200, len(payload)
    assert b"pulumi_mail_domains.fullhelp.domain" in payload
    assert b"DomainBehaviour" in payload
    opcodes = {op.name for op, _, _ in pickletools.genops(payload)}
    assert "STACK_GLOBAL" in opcodes or "GLOBAL" in opcodes

    destroy = run.destroy()
    assert destroy.summary.resource_changes == {"delete": 2}
    assert [r for r in emu.api_requests() if r["method"] == "DELETE"]
