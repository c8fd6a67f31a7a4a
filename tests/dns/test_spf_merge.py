"""The SPF merge as plain logic: one record per name, checked as RFC 7208 reads it."""

from __future__ import annotations

import pytest

from pulumi_mail_domains.dns.sender_policy import (
    LOOKUP_LIMIT,
    SenderDomain,
    SenderPolicyError,
    SpfError,
    SpfSource,
    merge_spf,
    plan,
)

NAME = "example.com"
SCALEWAY = SenderDomain("scaleway", NAME)
FULLHELP = SenderDomain("fullhelp", NAME)


def own(*terms: str) -> SpfSource:
    return SpfSource(NAME, terms, "your SPF mechanisms for example.com")


def test_every_vendor_once_then_the_users_own_with_the_strictest_all() -> None:
    merged = plan([SCALEWAY, FULLHELP], spf={NAME: ["ip4:192.0.2.0/24", "mx"]}).spf[NAME]
    assert merged.value == (
        "v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:192.0.2.0/24 mx -all"
    )
    assert merged.lookups == 3
    assert merged.origins == (
        "Scaleway Mailbox domain example.com",
        "FullHelp domain example.com",
        "your SPF mechanisms for example.com",
    )


def test_a_lone_domain_keeps_the_vendors_record_word_for_word() -> None:
    assert plan([FULLHELP]).spf[NAME].value == "v=spf1 include:spf.fullhelp.com ~all"
    scaleway = plan([SCALEWAY]).spf[NAME]
    assert scaleway.value == "v=spf1 include:spf.mailbox.scw.eu -all"
    assert scaleway.content == '"v=spf1 include:spf.mailbox.scw.eu -all"'


def test_the_same_mechanism_from_two_parties_appears_once() -> None:
    second_project = SenderDomain("scaleway", "Example.COM.", origin="the EU project's domain")
    merged = plan([SCALEWAY, second_project], spf={NAME: ["+include:SPF.mailbox.scw.eu"]})
    assert merged.spf[NAME].value == "v=spf1 include:spf.mailbox.scw.eu -all"


@pytest.mark.parametrize(
    ("qualifiers", "chosen", "expected"),
    [
        (("~all", "-all"), None, "-all"),
        (("?all", "~all"), None, "~all"),
        (("?all",), None, "?all"),
        ((), None, "-all"),
        (("-all", "~all"), "~all", "~all"),
    ],
)
def test_one_all_the_strictest_unless_chosen(
    qualifiers: tuple[str, ...], chosen: str | None, expected: str
) -> None:
    sources = [SpfSource(NAME, ("ip4:192.0.2.1", q), f"party {q}") for q in qualifiers]
    merged = merge_spf(NAME, sources or [own("ip4:192.0.2.1")], chosen)
    assert merged.value.split()[-1] == expected
    assert merged.value.count("all") == 1


def test_plus_all_is_refused_unless_another_qualifier_is_chosen() -> None:
    with pytest.raises(SpfError, match=r"\+all.*all_qualifier"):
        merge_spf(NAME, [own("+all")])
    assert merge_spf(NAME, [own("+all")], "~all").value == "v=spf1 ~all"
    with pytest.raises(SpfError, match="all_qualifier '\\+all'"):
        merge_spf(NAME, [own("mx")], "+all")


def test_strings_of_at_most_255_bytes_that_join_back() -> None:
    networks = [f"ip4:10.{i}.0.0/16" for i in range(40)]
    merged = plan([SCALEWAY, FULLHELP], spf={NAME: networks}).spf[NAME]
    assert len(merged.value.encode()) > 2 * 255
    assert all(len(chunk.encode()) <= 255 for chunk in merged.txt_chunks)
    assert "".join(merged.txt_chunks) == merged.value
    assert merged.content == " ".join(f'"{chunk}"' for chunk in merged.txt_chunks)
    assert merged.lookups == 2  # ip4 terms cost no lookup


def test_ten_lookups_pass_eleven_fail_naming_the_name_and_every_party() -> None:
    eight = [f"include:_spf{i}.example.net" for i in range(LOOKUP_LIMIT - 2)]
    assert plan([SCALEWAY, FULLHELP], spf={NAME: eight}).spf[NAME].lookups == LOOKUP_LIMIT
    with pytest.raises(SpfError) as failure:
        plan([SCALEWAY, FULLHELP], spf={NAME: [*eight, "exists:%{i}.example.net"]})
    message = str(failure.value)
    assert f"at {NAME} needs 11 DNS lookups" in message
    assert "Scaleway Mailbox domain example.com: include:spf.mailbox.scw.eu" in message
    assert "FullHelp domain example.com: include:spf.fullhelp.com" in message
    assert "exists:%{i}.example.net" in message


@pytest.mark.parametrize("term", ["a", "mx", "ptr", "a:relay.example", "mx/24", "redirect=x.io"])
def test_each_lookup_term_counts(term: str) -> None:
    source = SpfSource(NAME, (term,), "alone")
    assert merge_spf(NAME, [source]).lookups == 1


def test_modifiers_that_cannot_be_merged() -> None:
    with pytest.raises(SpfError, match=r"party a has exp=a.example and party b has exp=b.example"):
        merge_spf(
            NAME,
            [
                SpfSource(NAME, ("exp=a.example",), "party a"),
                SpfSource(NAME, ("exp=b.example",), "party b"),
            ],
        )
    same = [SpfSource(NAME, ("mx", "exp=a.example"), p) for p in ("party a", "party b")]
    assert merge_spf(NAME, same).value == "v=spf1 mx -all exp=a.example"
    with pytest.raises(SpfError, match=r"redirect=_spf.example.net, which replaces the whole"):
        plan([SCALEWAY], spf={NAME: ["redirect=_spf.example.net"]})
    alone = merge_spf(NAME, [SpfSource(NAME, ("redirect=_spf.example.net",), "alone")])
    assert alone.value == "v=spf1 redirect=_spf.example.net"


@pytest.mark.parametrize(
    ("terms", "says"),
    [
        (["foo:bar"], "'foo:bar' is not an SPF mechanism"),
        (["ip4:300.1.2.3"], "'ip4:300.1.2.3' is not an ip4 network"),
        (["ip6:192.0.2.1"], "is not an ip6 network"),
        (["include"], "needs a domain"),
        (["v=spf1", "mx"], "starts a record; give its terms only"),
        (["all:x"], "all takes no argument"),
    ],
)
def test_bad_mechanisms_are_named(terms: list[str], says: str) -> None:
    with pytest.raises(SpfError, match=r"your SPF mechanisms for example.com") as failure:
        plan([SCALEWAY], spf={NAME: terms})
    assert says in str(failure.value)


def test_names_and_vendors_that_do_not_exist() -> None:
    with pytest.raises(SpfError, match=r"spf for other\.com: no domain .* example\.com"):
        plan([SCALEWAY], spf={"other.com": ["mx"]})
    with pytest.raises(SpfError, match="give a list of mechanisms"):
        plan([SCALEWAY], spf={NAME: "mx"})
    with pytest.raises(SenderPolicyError, match=r"unknown vendor 'gmail'.*scaleway, fullhelp"):
        plan([SenderDomain("gmail", NAME)])


def test_the_record_the_vendor_returned_wins_over_the_documented_one() -> None:
    moved = SenderDomain("fullhelp", NAME, spf="v=spf1 include:_spf.fullhelp.net ~all")
    assert plan([SCALEWAY, moved]).spf[NAME].value == (
        "v=spf1 include:spf.mailbox.scw.eu include:_spf.fullhelp.net -all"
    )
    with pytest.raises(SpfError, match=r"FullHelp domain example.com: 'k=rsa' .* is not SPF"):
        plan([SenderDomain("fullhelp", NAME, spf="k=rsa")])


def test_names_that_differ_are_merged_apart() -> None:
    merged = plan([SCALEWAY, SenderDomain("fullhelp", "support.example.com")])
    assert set(merged.spf) == {NAME, "support.example.com"}
    assert merged.spf["support.example.com"].value == "v=spf1 include:spf.fullhelp.com ~all"
