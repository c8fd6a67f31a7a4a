"""The native provider's configuration: stack config ``mail-domains:*``, the inputs of an
explicit ``pulumi:providers:mail-domains`` resource, then the environment.

The core reads its settings through a :class:`ConfigSource` that answers the dynamic front
end's keys (``scaleway:secretKey``...); :class:`ProviderConfig` answers them from the native
keys, so both front ends share one way of loading settings and one environment fallback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from pulumi_mail_domains.core.spec import Property, PropertyType

__all__ = ["CONFIG_KEYS", "PACKAGE", "ConfigKey", "ProviderConfig"]

PACKAGE = "mail-domains"


@dataclasses.dataclass(frozen=True)
class ConfigKey:
    """One provider setting: its native name, the core key it feeds, its environment variable."""

    prop: Property
    core_key: str
    env: str


def _key(
    name: str, core_key: str, env: str, description: str, *, secret: bool = False
) -> ConfigKey:
    kind: PropertyType = "integer" if name.endswith("_account_id") else "string"
    text = f"{description} Falls back to the `{env}` environment variable."
    return ConfigKey(Property(name, kind, text, input=True, secret=secret), core_key, env)


CONFIG_KEYS: tuple[ConfigKey, ...] = (
    _key(
        "scaleway_secret_key",
        "scaleway:secretKey",
        "SCW_SECRET_KEY",
        "Scaleway API secret key (sent as `X-Auth-Token`).",
        secret=True,
    ),
    _key(
        "scaleway_project_id",
        "scaleway:projectId",
        "SCW_DEFAULT_PROJECT_ID",
        "Default Scaleway project of `scaleway.MailboxDomain`.",
    ),
    _key(
        "scaleway_api_url",
        "scaleway:apiUrl",
        "SCW_API_URL",
        "Scaleway API root (default `https://api.scaleway.com`).",
    ),
    _key(
        "fullhelp_token",
        "fullhelp:token",
        "FULLHELP_TOKEN",
        "FullHelp API access token (sent as a Bearer token).",
        secret=True,
    ),
    _key(
        "fullhelp_account_id",
        "fullhelp:accountId",
        "FULLHELP_ACCOUNT_ID",
        "Default FullHelp account of `fullhelp.Domain` and `fullhelp.DomainVerification`.",
    ),
    _key(
        "fullhelp_url",
        "fullhelp:url",
        "FULLHELP_URL",
        "The FullHelp instance, e.g. `https://help.example.com` (`/api/v1` is added).",
    ),
    _key(
        "dns_tsig_secret",
        "dns:tsigSecret",
        "DNS_TSIG_SECRET",
        "Base64 TSIG secret that signs the DNS UPDATEs of `dns.RecordSet`.",
        secret=True,
    ),
    _key(
        "dns_tsig_key_name",
        "dns:tsigKeyName",
        "DNS_TSIG_KEY_NAME",
        "TSIG key name given to a `dns.RecordSet` brought in by `pulumi import` (its id does not"
        " name the key).",
    ),
)
"""Every provider setting, in the order the schema lists them."""


class ProviderConfig:
    """Settings given to one provider instance, answering the core's keys.

    ``get("scaleway:secretKey")`` returns the explicit provider input ``scalewaySecretKey``, else
    the stack config ``mail-domains:scalewaySecretKey``, else None (the core then reads the
    environment). ``repr`` never shows a value.
    """

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    @classmethod
    def from_request(
        cls, variables: Mapping[str, str], args: Mapping[str, PropertyValue]
    ) -> ProviderConfig:
        """From a Configure request: ``variables`` (``mail-domains:config:KEY``) and ``args``."""
        values: dict[str, str] = {}
        for key in CONFIG_KEYS:
            wire = key.prop.wire_name
            text = _text(args.get(wire)) or variables.get(f"{PACKAGE}:config:{wire}") or None
            if text is not None:
                values[key.core_key] = text
        return cls(values)

    @classmethod
    def from_inputs(cls, inputs: Mapping[str, object]) -> ProviderConfig:
        """From a provider resource's recorded inputs (camelCase names, plain values)."""
        values: dict[str, str] = {}
        for key in CONFIG_KEYS:
            raw = inputs.get(key.prop.wire_name)
            if isinstance(raw, (str, int)) and not isinstance(raw, bool) and str(raw):
                values[key.core_key] = str(raw)
        return cls(values)

    def get(self, key: str) -> str | None:
        """The value for a core key such as ``scaleway:secretKey``, or None if not set here."""
        return self._values.get(key)

    @staticmethod
    def public_name(key: str) -> str:
        """How users of the native provider spell a core key: ``mail-domains:scalewaySecretKey``."""
        wire = next((k.prop.wire_name for k in CONFIG_KEYS if k.core_key == key), None)
        return f"{PACKAGE}:{wire}" if wire else key

    def __repr__(self) -> str:
        return f"ProviderConfig(keys={sorted(self._values)})"


def _text(value: PropertyValue | None) -> str | None:
    if value is None or value.value is None or isinstance(value.value, Computed):
        return None
    raw = value.value
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw) if isinstance(raw, (str, int, float, bool)) and str(raw) else None
