"""Values not known yet: what an input looks like during a preview, whichever front end runs."""

from __future__ import annotations

from pulumi.output import Unknown
from pulumi.runtime import rpc

__all__ = ["PROVIDER_KEY", "UNKNOWN", "is_unknown"]

UNKNOWN: str = rpc.UNKNOWN
"""An input not yet known during a preview, as the native plugin and older SDKs pass it."""

PROVIDER_KEY = "__provider"
"""The serialized dynamic provider the dynamic host adds to every resource's inputs."""


def is_unknown(value: object) -> bool:
    """Whether ``value`` is not known yet (a preview): the sentinel string, or the
    :class:`pulumi.output.Unknown` object newer SDKs hand dynamic providers."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)
