"""Where a domain's record views are computed: in its outputs, or by a provider function.

With the native provider's ``recordViews`` setting at ``full`` (the default) a domain's outputs
carry every view of its records (``records``, ``dnsRecords``, ``zoneFile``), as they always
have. At ``stored`` they carry only ``storedRecords``, the records as the state keeps them
(about a third of the bytes for Scaleway), and ``mail-domains:index:recordViews`` gives the views
back wherever a program needs them. See "State size and record views" in the README.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.core.function_spec import FunctionSpec
from pulumi_mail_domains.core.records import (
    KnownRecords,
    UnknownReferenceError,
    present_records,
)
from pulumi_mail_domains.core.settings import ConfigSource, Setting, config_key_name
from pulumi_mail_domains.core.spec import DNS_RECORD, ArrayOf, MapOf, Property

__all__ = [
    "FULL",
    "RECORD_VIEWS",
    "SETTINGS",
    "STORED",
    "VIEWS",
    "RecordViewsError",
    "record_views_function",
    "record_views_mode",
]

FULL = "full"
STORED = "stored"
VIEWS = (FULL, STORED)

RECORD_VIEWS = Setting(
    key="mail-domains:recordViews",
    env="MAIL_DOMAINS_RECORD_VIEWS",
    native_name="record_views",
    description=(
        "What a domain's outputs carry: `full` (default) every view of its records (`records`,"
        " `dnsRecords`, `zoneFile`); `stored` only `storedRecords`, the records as the state"
        " keeps them, for a lean state (at most 4 KB per domain); the"
        " `mail-domains:index:recordViews` function then gives the views. Applies to outputs"
        " written from then on (create, update, refresh)."
    ),
)
"""The native provider's ``recordViews`` setting (the dynamic classes always store lean
records and present the views in the program)."""

SETTINGS: tuple[Setting, ...] = (RECORD_VIEWS,)


def record_views_mode(config: ConfigSource | None) -> str:
    """``full`` or ``stored``; anything else is an error naming the setting."""
    raw = (RECORD_VIEWS.read(config) or FULL).strip()
    if raw not in VIEWS:
        raise InvalidValueError(
            f"{config_key_name(config, RECORD_VIEWS.key)} ({RECORD_VIEWS.env}) must be one of "
            f"{', '.join(VIEWS)}, got {raw!r}"
        )
    return raw


class RecordViewsError(InvalidValueError):
    """Arguments of ``recordViews`` it cannot present; ``argument`` names the one at fault."""

    def __init__(self, message: str, argument: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


def _present(arguments: Mapping[str, Any], known: KnownRecords) -> dict[str, Any]:
    records = arguments.get("records")
    if not isinstance(records, Mapping) or not all(
        isinstance(r, (str, Mapping)) for r in records.values()
    ):
        raise RecordViewsError(f"expected a map of records, got {records!r}", "records")
    try:
        return present_records(records, arguments.get("zone"), arguments.get("domain"), known)
    except UnknownReferenceError as error:
        raise RecordViewsError(str(error), "records") from None
    except (InvalidValueError, KeyError, ValueError) as error:
        raise RecordViewsError(f"cannot present these records: {error}", "zone") from None


def record_views_function(known: KnownRecords) -> FunctionSpec:
    """``mail-domains:index:recordViews``, the views the ``full`` setting puts in the outputs,
    reading stored references to the ``known`` records (every vendor's)."""
    return FunctionSpec(
        module="index",
        name="recordViews",
        description=(
            "Every view of a domain's records from the records its state keeps: a Scaleway"
            " `MailboxDomain`'s or FullHelp `Domain`'s `storedRecords`, `zone` and name"
            " (outputs of a provider whose `recordViews` setting is `stored`). A `records`"
            " output of the default `full` setting is accepted too. Plain computation, no API"
            " call."
        ),
        arguments=(
            Property(
                "records",
                MapOf("any"),
                "The domain's `storedRecords` (or, with `recordViews: full`, its `records`).",
                input=True,
                required=True,
            ),
            Property(
                "zone",
                "string",
                "The domain's `zone` (record names are relative to it).",
                input=True,
                required=True,
            ),
            Property(
                "domain",
                "string",
                "The domain's name (Scaleway: `name`, FullHelp: `domain`): stored record names are"
                " relative to it.",
                input=True,
                required=True,
            ),
        ),
        results=(
            Property("records", MapOf(DNS_RECORD), "The records by key.", required=True),
            Property(
                "dns_records",
                ArrayOf(DNS_RECORD),
                "Every record, required first, then by key.",
                required=True,
            ),
            Property("zone_file", "string", "Every record as BIND zone-file lines.", required=True),
        ),
        call=functools.partial(_present, known=known),
    )
