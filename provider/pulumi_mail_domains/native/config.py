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

from pulumi_mail_domains.core import record_views
from pulumi_mail_domains.core.settings import Setting
from pulumi_mail_domains.core.spec import Property, PropertyType
from pulumi_mail_domains.dns import settings as dns_settings
from pulumi_mail_domains.fullhelp import settings as fullhelp_settings
from pulumi_mail_domains.scaleway import settings as scaleway_settings

__all__ = ["CONFIG_KEYS", "PACKAGE", "ConfigKey", "ProviderConfig"]

PACKAGE = "mail-domains"


@dataclasses.dataclass(frozen=True)
class ConfigKey:
    """One provider setting: its native name, the core key it feeds, its environment variable."""

    prop: Property
    core_key: str
    env: str


def _config_key(setting: Setting) -> ConfigKey:
    kind: PropertyType = "integer" if setting.integer else "number" if setting.number else "string"
    text = f"{setting.description} Falls back to the `{setting.env}` environment variable."
    prop = Property(setting.native_name, kind, text, input=True, secret=setting.secret)
    return ConfigKey(prop, setting.key, setting.env)


CONFIG_KEYS: tuple[ConfigKey, ...] = tuple(
    _config_key(setting)
    for setting in (
        *scaleway_settings.SETTINGS,
        *fullhelp_settings.SETTINGS,
        *dns_settings.SETTINGS,
        *record_views.SETTINGS,
    )
)
"""Every provider setting, in the order the schema lists them: each vendor's settings table."""


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
