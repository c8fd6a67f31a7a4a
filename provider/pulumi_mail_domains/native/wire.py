"""Translation between the engine's property values and the core's plain Python values.

The core speaks snake_case dicts of ``str``/``int``/``float``/``bool``/lists/dicts, with the
string :data:`UNKNOWN` for values not known during a preview (what dynamic providers see too).
The native plugin speaks camelCase :class:`PropertyValue` maps. The spec says which names are
properties (translated) and which are free-form map keys (``records["domain_validation"]``,
kept as they are), and which numbers are integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime import rpc

from pulumi_mail_domains.core.spec import (
    ArrayOf,
    MapOf,
    ObjectType,
    Property,
    PropertyType,
    ResourceSpec,
)

__all__ = ["UNKNOWN", "from_wire", "to_wire"]

UNKNOWN: str = rpc.UNKNOWN
"""A value not known yet. The SDK cannot marshal :class:`Computed` in responses, but the engine
reads this sentinel string as "unknown", so it is what goes out in preview outputs."""


def from_wire(spec: ResourceSpec, values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Engine properties (camelCase) → core properties (snake_case).

    Names the spec does not know are kept as they are, so the core can reject them by name.
    """
    by_wire = spec.by_wire_name()
    result: dict[str, Any] = {}
    for wire_name, value in values.items():
        prop = by_wire.get(wire_name)
        kind: PropertyType = prop.type if prop is not None else "any"
        result[prop.name if prop is not None else wire_name] = _to_python(value, kind)
    return result


def to_wire(spec: ResourceSpec, props: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """Core properties (snake_case) → engine properties (camelCase); None values are dropped."""
    result: dict[str, PropertyValue] = {}
    for name, value in props.items():
        if value is None:
            continue
        prop = _find(spec.properties, name)
        kind: PropertyType = prop.type if prop is not None else "any"
        wire_name = prop.wire_name if prop is not None else name
        result[wire_name] = _to_property_value(value, kind)
    return result


def _find(properties: tuple[Property, ...], name: str) -> Property | None:
    return next((p for p in properties if p.name == name), None)


def _to_python(value: PropertyValue, kind: PropertyType) -> Any:
    raw = value.value
    if isinstance(raw, Computed):
        return UNKNOWN
    if isinstance(raw, float):
        # The wire has one number type: integral numbers become ints (ids, ttl, counts).
        return int(raw) if raw.is_integer() and kind != "number" else raw
    if isinstance(raw, tuple):
        items = kind.items if isinstance(kind, ArrayOf) else "any"
        return [_to_python(v, items) for v in raw]
    if isinstance(raw, Mapping):
        if isinstance(kind, ObjectType):
            fields = {p.wire_name: p for p in kind.properties}
            return {
                (fields[k].name if k in fields else k): _to_python(
                    v, fields[k].type if k in fields else "any"
                )
                for k, v in raw.items()
            }
        values = kind.values if isinstance(kind, MapOf) else "any"
        return {k: _to_python(v, values) for k, v in raw.items()}
    return raw


def _to_property_value(value: Any, kind: PropertyType) -> PropertyValue:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value)
    if isinstance(value, (int, float)):
        return PropertyValue(float(value))
    if isinstance(value, (list, tuple)):
        items = kind.items if isinstance(kind, ArrayOf) else "any"
        return PropertyValue([_to_property_value(v, items) for v in value])
    if isinstance(value, Mapping):
        if isinstance(kind, ObjectType):
            return PropertyValue(
                {
                    (p.wire_name if p else k): _to_property_value(v, p.type if p else "any")
                    for k, v in value.items()
                    if v is not None
                    for p in [_find(kind.properties, k)]
                }
            )
        values = kind.values if isinstance(kind, MapOf) else "any"
        return PropertyValue({k: _to_property_value(v, values) for k, v in value.items()})
    raise TypeError(f"cannot send a {type(value).__name__} to the engine")
