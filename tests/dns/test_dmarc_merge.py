"""The DMARC merge as plain logic: one record per ``_dmarc.`` name, conflicts named."""

from __future__ import annotations

import pytest

from pulumi_mail_domains.dns.sender_policy import (
    DmarcError,
    DmarcSource,
    SenderDomain,
    merge_dmarc,
    plan,
)

NAME = "example.com"
SCALEWAY = SenderDomain("scaleway", NAME)
FULLHELP = SenderDomain("fullhelp", NAME)


def test_one_record_per_name_from_the_vendors() -> None:
    second_project = SenderDomain("scaleway", NAME, origin="the EU project's domain")
    merged = plan([SCALEWAY, second_project, FULLHELP]).dmarc
    assert list(merged) == [f"_dmarc.{NAME}"]
    assert merged[f"_dmarc.{NAME}"].value == "v=DMARC1; p=none"
    assert merged[f"_dmarc.{NAME}"].origins == (
        "Scaleway Mailbox domain example.com",
        "the EU project's domain",
    )


def test_a_policy_of_your_own_where_no_vendor_asks_for_one() -> None:
    record = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
    merged = plan([FULLHELP], dmarc={NAME: record}).dmarc[f"_dmarc.{NAME}"]
    assert merged.value == record
    assert merged.content == f'"{record}"'


def test_the_same_policy_spelled_differently_is_one_policy() -> None:
    merged = plan([SCALEWAY], dmarc={NAME: "v=DMARC1;p=NONE"}).dmarc[f"_dmarc.{NAME}"]
    assert merged.value == "v=DMARC1; p=none"


def test_two_different_policies_for_one_name_name_both() -> None:
    with pytest.raises(DmarcError) as failure:
        plan([SCALEWAY, FULLHELP], dmarc={NAME: "v=DMARC1; p=reject"})
    message = str(failure.value)
    assert f"two different DMARC policies for _dmarc.{NAME}" in message
    assert "Scaleway Mailbox domain example.com asks for 'v=DMARC1; p=none'" in message
    assert "your DMARC policy for example.com for 'v=DMARC1; p=reject'" in message

    yours = [
        DmarcSource(NAME, "v=DMARC1; p=reject", "entry 0 (name 'example.com')"),
        DmarcSource(NAME, "v=DMARC1; p=quarantine", "entry 3 (name 'example.com')"),
    ]
    with pytest.raises(DmarcError, match=r"entry 0 .*p=reject.* entry 3 .*p=quarantine"):
        plan([FULLHELP], dmarc=yours)


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ("p=none; v=DMARC1", "is not a DMARC record"),
        ("v=DMARC1; rua=mailto:x@example.com", "needs p=none, p=quarantine or p=reject"),
        ("v=DMARC1; p=maybe", "needs p=none"),
        ("v=DMARC1; p", "'p' is not a DMARC tag"),
    ],
)
def test_records_that_are_not_dmarc(record: str, says: str) -> None:
    with pytest.raises(DmarcError, match=r"your DMARC policy for example.com") as failure:
        plan([FULLHELP], dmarc={NAME: record})
    assert says in str(failure.value)


def test_dmarc_for_a_name_no_domain_has() -> None:
    with pytest.raises(DmarcError, match=r"dmarc for other\.com: no domain"):
        plan([FULLHELP], dmarc={"other.com": "v=DMARC1; p=none"})
    with pytest.raises(DmarcError, match="no DMARC record to merge"):
        merge_dmarc(NAME, [])
