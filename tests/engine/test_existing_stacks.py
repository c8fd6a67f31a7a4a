"""Stacks written before the one-core restructure keep working, with no diff.

Their state names each provider by the module path it had then (``__provider`` is a pickle of
``pulumi_mail_domains.scaleway.mailbox_domain.MailboxDomainProvider``...). The payloads in
``tests/unit/fixtures/provider_payloads_v0_1.json`` were serialized by that version; this test
puts them back into a fresh stack's state and drives the real engine over it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import Emulator
from support.engine import StackFactory
from support.mail import fullhelp_domains, scaleway_domains

PAYLOADS: dict[str, str] = json.loads(
    (Path(__file__).parents[1] / "unit" / "fixtures" / "provider_payloads_v0_1.json").read_text()
)
OLD_PROVIDER = {
    "scaleway:MailboxDomain": "scaleway.mailbox_domain.MailboxDomainProvider",
    "scaleway:MailboxDomainValidation": (
        "scaleway.mailbox_domain_validation.MailboxDomainValidationProvider"
    ),
    "fullhelp:Domain": "fullhelp.domain.DomainProvider",
    "fullhelp:DomainVerification": "fullhelp.domain_verification.DomainVerificationProvider",
}


def program() -> None:
    scw = scaleway.MailboxDomain("scw", name="old.example.test")
    scaleway.MailboxDomainValidation("scw-validation", domain_id=scw.id, timeout_seconds=30)
    fh = fullhelp.Domain("fh", domain="old.example.test")
    fullhelp.DomainVerification("fh-verification", domain_id=fh.id, timeout_seconds=30)
    pulumi.export("scw_count", scw.mailbox_total_count)


def with_old_providers(deployment: dict[str, Any]) -> int:
    """Swap every dynamic resource's ``__provider`` for the old payload; the number swapped."""
    swapped = 0
    for resource in deployment["resources"]:
        kind = str(resource["type"]).removeprefix("pulumi-python:dynamic/")
        if kind not in OLD_PROVIDER:
            continue
        payload = PAYLOADS[f"pulumi_mail_domains.{OLD_PROVIDER[kind]}"]
        for section in ("inputs", "outputs"):
            resource[section]["__provider"] = payload
        swapped += 1
    return swapped


def test_a_stack_from_before_the_restructure_previews_clean_refreshes_and_destroys(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(program)
    assert run.up().summary.resource_changes == {"create": 5}

    exported = run.stack.export_stack()
    assert exported.deployment is not None
    deployment = dict(exported.deployment)
    assert with_old_providers(deployment) == 4
    run.stack.import_stack(auto.Deployment(version=exported.version, deployment=deployment))

    preview = run.preview(expect_no_changes=True)
    assert preview.change_summary == {"same": 5}
    assert run.refresh().summary.resource_changes == {"same": 5}
    assert run.destroy().summary.resource_changes == {"delete": 5}
    assert scaleway_domains(emu) == [] and fullhelp_domains(emu) == []
