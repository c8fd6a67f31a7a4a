"""Domain-name normalisation and validation (domain_names.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_mail_domains.core.domain_names import InvalidDomainName, is_within, normalize_domain

LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
NAME = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(LABEL, min_size=1, max_size=5),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)


@given(NAME)
def test_valid_names_are_kept(name: str) -> None:
    assert normalize_domain(name) == name


@given(NAME, st.booleans())
def test_case_and_trailing_dot_are_normalised(name: str, dot: bool) -> None:
    assert normalize_domain(name.upper() + ("." if dot else "")) == name


@given(NAME)
def test_normalisation_is_idempotent(name: str) -> None:
    once = normalize_domain(name.title())
    assert normalize_domain(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.Example.", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("a-b.c-d.example", "a-b.c-d.example"),
        ("123.example", "123.example"),
        ("a" * 63 + ".example", "a" * 63 + ".example"),
    ],
)
def test_accepted(raw: str, expected: str) -> None:
    assert normalize_domain(raw) == expected


def test_the_longest_name_is_accepted() -> None:
    name = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])  # 253 characters
    assert len(name) == 253 and normalize_domain(name) == name
    with pytest.raises(InvalidDomainName, match="254 characters long"):
        normalize_domain(name + "d")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "must not be empty"),
        (".", "must not be empty"),
        (" example.com", "leading or trailing spaces"),
        ("example.com\n", "leading or trailing spaces"),
        ("exa mple.com", "must not contain spaces"),
        ("*.example.com", "wildcards"),
        ("a.*.example.com", "wildcards"),
        ("192.0.2.1", "not an IP address"),
        ("::1", "not an IP address"),
        ("[2001:db8::1]", "not an IP address"),
        ("localhost", "fully qualified"),
        ("a..example.com", "empty labels"),
        (".example.com", "empty labels"),
        ("example.com..", "empty labels"),
        ("a" * 64 + ".example.com", "64 characters; the maximum is 63"),
        ("under_score.example.com", "underscore"),
        ("_dmarc.example.com", "underscore"),
        ("-a.example.com", "inner hyphens"),
        ("a-.example.com", "inner hyphens"),
        ("a!b.example.com", "inner hyphens"),
        ("http://example.com", "inner hyphens"),
        ("example.123", "must not be numeric"),
        ("xn--zz.example", "not a valid internationalised"),
        ("xn--a.example", "not a valid internationalised"),
    ],
)
def test_rejected(raw: str, reason: str) -> None:
    with pytest.raises(InvalidDomainName, match=reason.replace("*", r"\*")):
        normalize_domain(raw)


@given(st.text(max_size=300))
def test_anything_either_normalises_or_says_why(raw: str) -> None:
    try:
        name = normalize_domain(raw)
    except InvalidDomainName as error:
        assert str(error)
    else:
        assert name == name.lower() and not name.endswith(".") and len(name) <= 253
        assert all(0 < len(label) <= 63 for label in name.split("."))
        assert normalize_domain(name) == name


@pytest.mark.parametrize(
    ("name", "zone", "inside"),
    [
        ("example.com", "example.com", True),
        ("mail.example.com", "example.com", True),
        ("a.b.example.com", "example.com", True),
        ("badexample.com", "example.com", False),
        ("example.com", "mail.example.com", False),
        ("example.org", "example.com", False),
    ],
)
def test_is_within(name: str, zone: str, inside: bool) -> None:
    assert is_within(name, zone) is inside


# Names a user might plausibly type, valid or not, to compare with the emulated vendors.
NEAR_NAMES = st.lists(
    st.sampled_from(
        [
            "mail",
            "xn--bcher-kva",
            "xn--zz",
            "bücher",
            "a-b",
            "-a",
            "a_b",
            "123",
            "MAIL",
            "",
            "a" * 63,
            "a" * 64,
            "*",
            " ",
            "é",
            "ß",
            "xn--",
            "1.2",
        ]
    ),
    min_size=1,
    max_size=5,
).map(".".join)


@given(st.one_of(NEAR_NAMES, NEAR_NAMES.map(lambda n: n + "."), NAME))
def test_never_looser_than_the_vendors(raw: str) -> None:
    """A name check passes only if the (emulated) vendors accept the same name as well:
    otherwise a typo would reach the API instead of failing at preview."""
    from pulumi_mail_domains.emulator.names import InvalidName
    from pulumi_mail_domains.emulator.names import normalize_domain as vendor_normalize

    try:
        ours = normalize_domain(raw)
    except InvalidDomainName:
        return
    try:
        theirs = vendor_normalize(raw)
    except InvalidName as error:
        pytest.fail(f"{raw!r} passes the provider check as {ours!r}, the API refuses: {error}")
    assert ours == theirs
