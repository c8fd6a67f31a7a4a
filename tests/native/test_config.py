"""native.config: explicit provider inputs, then stack config, then the environment."""

from __future__ import annotations

import pytest
from pulumi.provider.experimental.property_value import Computed, PropertyValue

from pulumi_mail_domains.fullhelp.settings import FullHelpSettings
from pulumi_mail_domains.native.config import CONFIG_KEYS, ProviderConfig
from pulumi_mail_domains.scaleway.settings import ScalewaySettings

PV = PropertyValue
ARG_KEY = "11111111-aaaa-4aaa-8aaa-111111111111"
STACK_KEY = "22222222-bbbb-4bbb-8bbb-222222222222"
ENV_KEY = "33333333-cccc-4ccc-8ccc-333333333333"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in CONFIG_KEYS:
        monkeypatch.delenv(key.env, raising=False)
    monkeypatch.setenv("SCW_SECRET_KEY", ENV_KEY)
    monkeypatch.setenv("FULLHELP_ACCOUNT_ID", "9")


def test_explicit_argument_wins_over_stack_config_and_environment() -> None:
    config = ProviderConfig.from_request(
        {"mail-domains:config:scalewaySecretKey": STACK_KEY},
        {"scalewaySecretKey": PV(ARG_KEY, is_secret=True)},
    )
    assert ScalewaySettings.load(config).secret_key == ARG_KEY


def test_stack_config_wins_over_environment() -> None:
    # The engine keys Configure's variables as `<package>:config:<key>`.
    config = ProviderConfig.from_request({"mail-domains:config:scalewaySecretKey": STACK_KEY}, {})
    assert ScalewaySettings.load(config).secret_key == STACK_KEY


def test_environment_is_the_fallback() -> None:
    config = ProviderConfig.from_request({}, {})
    assert ScalewaySettings.load(config).secret_key == ENV_KEY
    assert FullHelpSettings.load(config).account_id == "9"


def test_unset_empty_and_unknown_arguments_fall_through() -> None:
    config = ProviderConfig.from_request(
        {"mail-domains:config:scalewayProjectId": "stack-project"},
        {
            "scalewaySecretKey": PV(""),
            "scalewayProjectId": PV(Computed()),
            "fullhelpUrl": PV(None),
        },
    )
    assert config.get("scaleway:secretKey") is None
    assert config.get("scaleway:projectId") == "stack-project"
    assert config.get("fullhelp:url") is None
    assert ScalewaySettings.load(config).secret_key == ENV_KEY


def test_every_native_key_feeds_its_core_key() -> None:
    args = {key.prop.wire_name: PV(f"value-{key.env}") for key in CONFIG_KEYS}
    args["fullhelpAccountId"] = PV(42.0)  # an integer on the wire is a float
    config = ProviderConfig.from_request({}, args)
    for key in CONFIG_KEYS:
        expected = "42" if key.env == "FULLHELP_ACCOUNT_ID" else f"value-{key.env}"
        assert config.get(key.core_key) == expected, key.core_key
    assert {k.core_key for k in CONFIG_KEYS} >= {
        "scaleway:secretKey",
        "scaleway:projectId",
        "scaleway:apiUrl",
        "fullhelp:token",
        "fullhelp:accountId",
        "fullhelp:url",
        "dns:tsigSecret",
    }


def test_repr_names_keys_but_never_values() -> None:
    config = ProviderConfig.from_request(
        {"mail-domains:config:fullhelpToken": "fh-stack-secret"},
        {"scalewaySecretKey": PV(ARG_KEY, is_secret=True), "dnsTsigSecret": PV("c2VjcmV0")},
    )
    text = repr(config)
    for secret in (ARG_KEY, "fh-stack-secret", "c2VjcmV0"):
        assert secret not in text
    assert "scaleway:secretKey" in text and "fullhelp:token" in text
    assert ARG_KEY not in repr(ScalewaySettings.load(config))
