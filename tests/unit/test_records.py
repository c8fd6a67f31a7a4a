"""DNS record shaping (records.py): TXT splitting and quoting, names, order, zone file."""

from __future__ import annotations

import itertools
import re

import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_mail_domains.core.records import (
    RECORD_FIELDS,
    DnsRecord,
    RecordSpec,
    UnknownReferenceError,
    label_key,
    present_records,
    quote_txt,
    relative_name,
    render_zone_file,
    shape,
    sort_records,
    split_txt,
    stored_records,
    unquote_txt,
    with_all_fields,
)

# Any text, including quotes, backslashes and multi-byte characters (up to 4 UTF-8 bytes).
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=1200)
LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
NAMES = st.lists(LABEL, min_size=1, max_size=4).map(".".join)


# --- split_txt -------------------------------------------------------------------------------


@given(TEXT)
def test_split_txt_pieces_fit_and_join_back(text: str) -> None:
    chunks = split_txt(text)
    assert "".join(chunks) == text
    assert all(len(chunk.encode()) <= 255 for chunk in chunks)
    assert chunks  # an empty text is one empty string, never no string at all
    # Greedy: every piece but the last is as full as the next character allows.
    for chunk, following in itertools.pairwise(chunks):
        assert len(chunk.encode()) + len(following[0].encode()) > 255


@pytest.mark.parametrize(
    ("length", "pieces"), [(0, [0]), (1, [1]), (255, [255]), (256, [255, 1]), (600, [255, 255, 90])]
)
def test_split_txt_boundaries(length: int, pieces: list[int]) -> None:
    assert [len(c) for c in split_txt("k" * length)] == pieces


def test_split_txt_never_cuts_a_character() -> None:
    text = "a" + "é" * 200  # 1 + 400 bytes: the 255-byte cut would fall inside an é
    chunks = split_txt(text)
    assert [len(c.encode()) for c in chunks] == [255, 146]
    assert "".join(chunks) == text


# --- quote / unquote -------------------------------------------------------------------------


@given(TEXT)
def test_quote_unquote_round_trip(text: str) -> None:
    assert unquote_txt(quote_txt(split_txt(text))) == text


@given(st.lists(TEXT, min_size=1, max_size=4))
def test_quoted_strings_are_what_a_dns_library_reads(chunks: list[str]) -> None:
    """``content`` is valid zone-file syntax: a DNS library reads back the exact strings."""
    chunks = [piece for chunk in chunks for piece in split_txt(chunk)]
    assert unquote_txt(quote_txt(chunks)) == "".join(chunks)
    rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, quote_txt(chunks))
    assert list(rdata.strings) == [c.encode() for c in chunks]  # type: ignore[attr-defined]


def test_quote_escapes_quotes_backslashes_and_control_characters() -> None:
    assert quote_txt(['say "hi"', "a\\b"]) == '"say \\"hi\\"" "a\\\\b"'
    assert quote_txt(["line\nbreak\x7f"]) == '"line\\010break\\127"'
    assert quote_txt(["café"]) == '"café"'  # UTF-8 is written as is


def test_unquote_accepts_plain_and_split_values() -> None:
    assert unquote_txt("v=spf1 -all") == "v=spf1 -all"
    assert unquote_txt('"v=DKIM1; " "p=abc"') == "v=DKIM1; p=abc"
    assert unquote_txt('  "a\\"b"  ') == 'a"b'
    assert unquote_txt('"caf\\195\\169 \\010"') == "café \n"


# --- relative_name ---------------------------------------------------------------------------


@given(NAMES, NAMES)
def test_relative_name_round_trip(prefix: str, zone: str) -> None:
    zone = zone + ".test"
    assert relative_name(zone, zone) == "@"
    assert relative_name(f"{prefix}.{zone}", zone) == prefix
    # Case and trailing dots do not matter.
    assert relative_name(f"{prefix}.{zone}.".upper(), zone + ".") == prefix


@pytest.mark.parametrize(
    ("fqdn", "zone"),
    [("example.test", "other.test"), ("badexample.test", "example.test"), ("test", "a.test")],
)
def test_relative_name_outside_the_zone(fqdn: str, zone: str) -> None:
    with pytest.raises(ValueError, match="not inside the zone"):
        relative_name(fqdn, zone)


# --- shape -----------------------------------------------------------------------------------


def spec(rtype: str, rdata: str, fqdn: str = "Mail.Example.Test.", **kw: object) -> RecordSpec:
    fields: dict[str, object] = {
        "key": "k",
        "label": "K",
        "level": "required",
        "verified": False,
        "status": "unknown_status",
        **kw,
    }
    return RecordSpec(type=rtype, fqdn=fqdn, rdata=rdata, **fields)  # type: ignore[arg-type]


def test_shape_txt_long_value() -> None:
    value = "v=DKIM1; k=rsa; p=" + "A" * 400
    record = shape(spec("txt", value, fqdn="sel._domainkey.mail.example.test."), "example.test")
    assert record["type"] == "TXT" and record["value"] == value
    assert record["fqdn"] == "sel._domainkey.mail.example.test"
    assert record["name"] == "sel._domainkey.mail" and record["zone"] == "example.test"
    assert record["txt_chunks"] == [value[:255], value[255:]]
    assert record["content"] == f'"{value[:255]}" "{value[255:]}"'
    assert record["priority"] is record["weight"] is record["port"] is None
    assert record["ttl"] == 3600


def test_shape_txt_given_quoted_by_the_api() -> None:
    record = shape(spec("TXT", '"v=spf1 " "-all"'), "mail.example.test")
    assert record["value"] == "v=spf1 -all" and record["content"] == '"v=spf1 -all"'
    assert record["name"] == "@"


@pytest.mark.parametrize(
    ("rtype", "rdata", "numbers", "value", "content"),
    [
        ("MX", "10 SMTP.Example.Net.", (10, None, None), "smtp.example.net", "10 smtp.example.net."),  # noqa: E501
        ("MX", "0 mx.example.net", (0, None, None), "mx.example.net", "0 mx.example.net."),
        ("SRV", "0 1 993 imap.example.net.", (0, 1, 993), "imap.example.net", "0 1 993 imap.example.net."),  # noqa: E501
        ("CNAME", "target.example.net.", (None, None, None), "target.example.net", "target.example.net."),  # noqa: E501
        ("CNAME", "target.net", (None, None, None), "target.net", "target.net."),
    ],
)  # fmt: skip
def test_shape_host_records(
    rtype: str, rdata: str, numbers: tuple[int | None, ...], value: str, content: str
) -> None:
    record = shape(spec(rtype, rdata), "example.test")
    assert (record["priority"], record["weight"], record["port"]) == numbers
    assert (record["value"], record["content"]) == (value, content)
    assert record["txt_chunks"] is None


@pytest.mark.parametrize(
    ("rtype", "rdata"), [("MX", "smtp.example.net."), ("SRV", "0 1 imap."), ("MX", "x y z")]
)
def test_shape_rejects_malformed_values(rtype: str, rdata: str) -> None:
    with pytest.raises(ValueError, match=f"unexpected {rtype} value"):
        shape(spec(rtype, rdata), "example.test")


def test_shape_passes_unknown_types_through() -> None:
    record = shape(spec("caa", ' 0 issue "ca.example" '), "example.test")
    assert (
        record["type"] == "CAA" and record["content"] == record["value"] == '0 issue "ca.example"'
    )


def test_shape_outside_the_zone() -> None:
    with pytest.raises(ValueError):
        shape(spec("TXT", "x", fqdn="other.test"), "example.test")


# --- order, outputs, zone file, keys ---------------------------------------------------------


def record(key: str, level: str, rtype: str = "TXT", rdata: str = "x") -> DnsRecord:
    fqdn = f"{key.replace('_', '-')}.example.test"
    return shape(spec(rtype, rdata, fqdn=fqdn, key=key, level=level), "example.test")


LEVELS = st.sampled_from(["required", "recommended", "optional", "unknown_level"])


@given(st.lists(st.tuples(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), LEVELS), max_size=12))
def test_sort_records_by_level_then_key(items: list[tuple[str, str]]) -> None:
    records = [record(key, level) for key, level in items]
    ordered = sort_records(reversed(records))
    rank = {"required": 0, "recommended": 1, "optional": 2}
    keys = [(rank.get(r["level"], 3), r["key"]) for r in ordered]
    assert keys == sorted(keys)
    assert sorted(map(id, ordered)) == sorted(map(id, records))


def test_records_are_stored_once_and_presented_in_every_view() -> None:
    records = [
        record("spf", "required"),
        record("imap", "recommended", "SRV", "0 1 993 imap.example.net."),
        record("dkim", "required", "TXT", "p=" + "k" * 300),
        record("mx", "required", "MX", "10 mx.example.net."),
    ]
    stored = stored_records(records, "example.test")
    assert list(stored) == ["dkim", "mx", "spf", "imap"]
    assert all("content" not in r and "txt_chunks" not in r for r in stored.values())
    # The key is stored once, as the zone file writes it (in strings of at most 255 bytes).
    assert sum(str(r).count("k" * 250) for r in stored.values()) == 1, "the DKIM key once"
    outputs = present_records(stored, "example.test", "example.test")
    assert outputs["records"] == {r["key"]: r for r in records}, "every field comes back"
    assert [r["key"] for r in outputs["dns_records"]] == ["dkim", "mx", "spf", "imap"]
    lines = str(outputs["zone_file"]).splitlines()
    assert lines[1] == "mx.example.test.\t3600\tIN\tMX\t10 mx.example.net."
    assert lines[3] == "imap.example.test.\t3600\tIN\tSRV\t0 1 993 imap.example.net."
    assert re.fullmatch(r'dkim\.example\.test\.\t3600\tIN\tTXT\t"p=k{253}" "k{47}"', lines[0])
    assert render_zone_file([]) == ""


def test_label_key() -> None:
    taken: list[str] = []
    for label in ("DKIM", "Return-Path", "DKIM", "dkim", "  ", "SPF (strict)"):
        taken.append(label_key(label, taken))
    assert taken == ["dkim", "return_path", "dkim_2", "dkim_3", "record", "spf_strict"]


def test_missing_fields_are_put_back() -> None:
    """What the SDK hands a program lacks None-valued keys; the resources restore them."""
    full = record("mx", "required", "MX", "10 mx.example.net.")
    stripped = {k: v for k, v in full.items() if v is not None}
    assert set(stripped) < set(RECORD_FIELDS)
    assert with_all_fields(stripped) == dict(full)
    assert present_records({"mx": stripped}, "example.test", None)["records"] == {"mx": dict(full)}
    assert present_records({"mx": stripped}, None, None)["dns_records"] == [dict(full)]
    assert with_all_fields({**stripped, "extra": 1})["extra"] == 1


def test_record_numbers_reach_the_program_as_integers() -> None:
    wire = {"key": "mx", "type": "MX", "value": "mx.example.net", "priority": 10.0, "ttl": 3600.0}
    (completed,) = present_records({"mx": wire}, "example.test", None)["dns_records"]
    assert completed["priority"] == 10 and type(completed["priority"]) is int
    assert type(completed["ttl"]) is int and completed["weight"] is None
    assert completed["content"] == "10 mx.example.net."
    srv = {
        "type": "SRV",
        "value": "imap.example.net",
        "priority": 0.0,
        "weight": 1.0,
        "port": 993.0,
    }
    by_key = present_records({"srv": {"key": "srv", **srv}}, "example.test", None)["records"]
    assert [type(by_key["srv"][k]) for k in ("priority", "weight", "port")] == [int, int, int]


def test_a_stored_record_is_one_line_without_what_follows_from_the_rest() -> None:
    """Level, status, the zone-relative name and the zone-file content; the TTL only when it is
    not 3600; a label other than the key, an error and an unusual ``verified`` after a tab."""
    srv = record("imap", "recommended", "SRV", "0 1 993 imap.example.net.")
    assert stored_records([srv], "example.test") == {
        "imap": 'recommended - imap SRV 0 1 993 imap.example.net.\t{"label":"K"}'
    }
    odd = shape(
        RecordSpec(
            "dkim",
            "DKIM",
            "required",
            "TXT",
            "x.example.test",
            '"a\tb" "c"',
            True,
            "pending",
            "not\tfound",
        ),
        "test",
        ttl=300,
    )
    line = stored_records([odd], "example.test")["dkim"]
    assert line.startswith('required pending x 300 TXT "a\\009bc"\t')
    for original in (srv, odd):
        stored = stored_records([original], "example.test")
        presented = present_records(stored, original["zone"], "example.test")["records"]
        assert presented == {original["key"]: original}


def test_records_stored_before_the_lean_form_are_presented_alike() -> None:
    """State written by earlier versions (every field, or without content) still reads."""
    full = record("mx", "required", "MX", "10 mx.example.net.")
    older = {k: v for k, v in full.items() if k not in ("content", "txt_chunks", "zone")}
    for stored in (dict(full), older):
        assert present_records({"mx": stored}, "example.test", None)["records"] == {
            "mx": dict(full)
        }


def test_stored_names_are_relative_to_the_domain_and_presented_relative_to_the_zone() -> None:
    """A domain below its zone (``mail.example.test`` in ``example.test``) stores ``_dmarc``,
    not ``_dmarc.mail``; presenting gives the zone-relative name and the fqdn back."""
    dmarc = shape(
        spec("TXT", "v=DMARC1", fqdn="_dmarc.mail.example.test", key="dmarc"), "example.test"
    )
    (line,) = stored_records([dmarc], "mail.example.test").values()
    assert line.split(" ")[2] == "_dmarc"
    presented = present_records({"dmarc": line}, "example.test", "mail.example.test")
    assert presented["records"]["dmarc"] == dmarc and dmarc["name"] == "_dmarc.mail"
    outside = stored_records([dmarc], "other.test")["dmarc"]
    assert present_records({"dmarc": outside}, "example.test", "other.test")["records"] == {
        "dmarc": dmarc
    }


KNOWN = {"ex.imap": "recommended imap SRV 0 1 993 imap.example.net."}


def test_a_known_record_is_stored_by_reference_and_presented_in_full() -> None:
    """The line of a record ``known`` documents is its reference and its status (a label other
    than the key after the tab, as for any line); presenting it with the same table gives the
    record back. A record that differs from the documented one keeps its full line."""
    srv = record("imap", "recommended", "SRV", "0 1 993 imap.example.net.")
    stored = stored_records([srv], "example.test", KNOWN)
    assert stored == {"imap": '=ex.imap -\t{"label":"K"}'}
    assert present_records(stored, "example.test", "example.test", KNOWN)["records"] == {
        "imap": srv
    }
    other_port = record("imap", "recommended", "SRV", "0 1 143 imap.example.net.")
    assert stored_records([other_port], "example.test", KNOWN)["imap"].startswith("recommended")


def test_an_unknown_reference_is_an_error_naming_the_record() -> None:
    with pytest.raises(UnknownReferenceError, match=r"records\.imap: '=ex\.gone -' names no"):
        present_records({"imap": "=ex.gone -"}, "example.test", "example.test", KNOWN)
