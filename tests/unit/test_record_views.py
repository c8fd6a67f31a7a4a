"""The ``recordViews`` function and setting, without the engine: the views it gives are the
ones the ``full`` setting outputs, and bad arguments or values are errors naming them."""

from __future__ import annotations

import pytest

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.core.record_views import RecordViewsError, record_views_mode
from pulumi_mail_domains.core.records import (
    DnsRecord,
    RecordSpec,
    present_records,
    shape,
    stored_records,
)
from pulumi_mail_domains.native.resources import RECORD_VIEWS_FUNCTION

ZONE = "example.test"
DOMAIN = f"mail.{ZONE}"


def _records() -> list[DnsRecord]:
    specs = [
        RecordSpec(
            "dkim",
            "dkim",
            "required",
            "TXT",
            f"k._domainkey.{DOMAIN}",
            "p=" + "a" * 400,
            False,
            "unknown_status",
        ),
        RecordSpec("mx", "mx", "required", "MX", DOMAIN, "10 mx.example.net.", True, "valid"),
    ]
    return [shape(s, ZONE) for s in specs]


def test_the_function_gives_the_views_of_the_stored_lines_and_of_full_records() -> None:
    records = _records()
    stored = stored_records(records, DOMAIN)
    views = RECORD_VIEWS_FUNCTION.call({"records": stored, "zone": ZONE, "domain": DOMAIN})
    assert views["records"] == {r["key"]: r for r in records}
    assert [r["key"] for r in views["dns_records"]] == ["dkim", "mx"]
    full = present_records(stored, ZONE, DOMAIN)["records"]
    again = RECORD_VIEWS_FUNCTION.call({"records": full, "zone": ZONE, "domain": DOMAIN})
    assert again == views


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"records": "dkim", "zone": ZONE, "domain": DOMAIN}, "records"),
        ({"records": {"dkim": 3}, "zone": ZONE, "domain": DOMAIN}, "records"),
        ({"records": {"dkim": "required - x TXT"}, "zone": "other.test", "domain": DOMAIN}, "zone"),
    ],
)
def test_bad_arguments_name_the_argument(arguments: dict[str, object], argument: str) -> None:
    with pytest.raises(RecordViewsError) as raised:
        RECORD_VIEWS_FUNCTION.call(arguments)
    assert raised.value.argument == argument and str(raised.value).startswith(f"{argument}: ")


def test_the_setting_is_full_by_default_and_refuses_other_values() -> None:
    assert record_views_mode(None) == "full"
    assert record_views_mode({"mail-domains:recordViews": "stored"}) == "stored"
    with pytest.raises(InvalidValueError, match=r"mail-domains:recordViews .* full, stored"):
        record_views_mode({"mail-domains:recordViews": "lean"})
