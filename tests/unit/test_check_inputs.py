"""Every bad input of the corpus against the providers' ``check`` directly (no engine, no I/O)."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime.rpc import UNKNOWN

from pulumi_mail_domains.core.behaviour import Behaviour, Configured
from pulumi_mail_domains.fullhelp.domain import DomainBehaviour
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationBehaviour
from pulumi_mail_domains.native.config import ProviderConfig
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain_validation import MailboxDomainValidationBehaviour
from support.bad_inputs import (
    CASES,
    DOMAIN_ID,
    FH_DOMAIN,
    FH_VERIFICATION,
    SCW_DOMAIN,
    SCW_VALIDATION,
    VALID_INPUTS,
    BadInput,
)

PROJECT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
PROVIDERS: dict[str, type[Behaviour]] = {
    SCW_DOMAIN: MailboxDomainBehaviour,
    SCW_VALIDATION: MailboxDomainValidationBehaviour,
    FH_DOMAIN: DomainBehaviour,
    FH_VERIFICATION: DomainVerificationBehaviour,
}


@pytest.fixture(autouse=True)
def defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCW_DEFAULT_PROJECT_ID", PROJECT)
    monkeypatch.setenv("FULLHELP_ACCOUNT_ID", "1")
    # No credentials at all: check must never need them.
    for name in ("SCW_SECRET_KEY", "FULLHELP_TOKEN", "FULLHELP_URL", "SCW_API_URL"):
        monkeypatch.delenv(name, raising=False)


def check(resource: str, inputs: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    provider = PROVIDERS[resource]()
    provider.configure(ConfigureRequest(Config(raw_config={}, project_name="test")))
    news = {key: value for key, value in inputs.items() if value is not None}
    result = provider.check({}, news)
    return dict(result.inputs or {}), [(f.property, f.reason) for f in result.failures or []]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_named_by_property(case: BadInput) -> None:
    _, failures = check(case.resource, case.inputs())
    assert len(failures) == 1, failures
    ((prop, reason),) = failures
    assert prop == case.prop
    assert case.words in reason, reason


@pytest.mark.parametrize("resource", list(VALID_INPUTS))
def test_valid_inputs_pass_with_defaults(resource: str) -> None:
    inputs, failures = check(resource, VALID_INPUTS[resource])
    assert failures == []
    if resource == SCW_DOMAIN:
        assert inputs["project_id"] == PROJECT and inputs["zone"] == "ok.example.test"
        assert inputs["adopt_existing"] is False and inputs["force_destroy"] is False
    if resource == FH_DOMAIN:
        assert inputs["account_id"] == 1 and inputs["zone"] == "ok.example.test"
    if resource in (SCW_VALIDATION, FH_VERIFICATION):
        assert inputs["timeout_seconds"] == 600


def test_normalisation() -> None:
    inputs, failures = check(
        SCW_DOMAIN,
        {"name": "Mail.Example.TEST.", "project_id": PROJECT.upper(), "zone": "EXAMPLE.test"},
    )
    assert failures == []
    assert (inputs["name"], inputs["project_id"], inputs["zone"]) == (
        "mail.example.test",
        PROJECT,
        "example.test",
    )
    inputs, failures = check(FH_DOMAIN, {"domain": "bücher.example", "account_id": 3.0})
    assert failures == []
    assert inputs["domain"] == "xn--bcher-kva.example" and inputs["account_id"] == 3
    assert isinstance(inputs["account_id"], int)
    inputs, failures = check(FH_VERIFICATION, {"domain_id": "12", "timeout_seconds": 2.0})
    assert failures == [] and inputs["domain_id"] == 12 and inputs["timeout_seconds"] == 2
    inputs, failures = check(SCW_VALIDATION, {"domain_id": DOMAIN_ID, "timeout_seconds": 0.5})
    assert failures == [] and inputs["timeout_seconds"] == 0.5


def test_unknown_inputs_are_left_for_later() -> None:
    """During preview an input computed from another resource is unknown: no failure."""
    for resource, prop in (
        (SCW_DOMAIN, "name"),
        (SCW_DOMAIN, "project_id"),
        (FH_DOMAIN, "account_id"),
        (SCW_VALIDATION, "domain_id"),
        (FH_VERIFICATION, "domain_id"),
        (FH_VERIFICATION, "timeout_seconds"),
    ):
        _, failures = check(resource, {**VALID_INPUTS[resource], prop: UNKNOWN})
        assert failures == [], (resource, prop, failures)


def test_missing_default_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCW_DEFAULT_PROJECT_ID")
    monkeypatch.delenv("FULLHELP_ACCOUNT_ID")
    _, failures = check(SCW_DOMAIN, VALID_INPUTS[SCW_DOMAIN])
    assert [p for p, _ in failures] == ["project_id"]
    assert "scaleway:projectId" in failures[0][1] and "SCW_DEFAULT_PROJECT_ID" in failures[0][1]
    _, failures = check(FH_DOMAIN, VALID_INPUTS[FH_DOMAIN])
    assert [p for p, _ in failures] == ["account_id"]
    assert "FULLHELP_ACCOUNT_ID" in failures[0][1]


def test_a_missing_default_is_named_as_each_front_end_spells_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python programs set `scaleway:projectId`; native users `mail-domains:scalewayProjectId`."""
    monkeypatch.delenv("SCW_DEFAULT_PROJECT_ID", raising=False)
    monkeypatch.delenv("FULLHELP_ACCOUNT_ID", raising=False)
    for behaviour, inputs, native_name in (
        (MailboxDomainBehaviour(), {"name": "a.example.test"}, "mail-domains:scalewayProjectId"),
        (DomainBehaviour(), {"domain": "a.example.test"}, "mail-domains:fullhelpAccountId"),
    ):
        behaviour.configure(Configured(ProviderConfig({})))
        (failure,) = behaviour.check({}, inputs).failures
        assert native_name in failure.reason, failure.reason
        assert "scaleway:projectId" not in failure.reason
        assert "fullhelp:accountId" not in failure.reason
