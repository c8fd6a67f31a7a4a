"""RecordSetBehaviour driven directly against a real BIND9: every change is a real DNS UPDATE."""

from __future__ import annotations

import base64
import inspect
import secrets
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import dns.rdatatype
import pulumi
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.rpc import UNKNOWN

from pulumi_mail_domains.dns import (
    SUPPORTED_TYPES,
    RecordSet,
    RecordSetBehaviour,
    RecordSetError,
    rfc2136,
)
from support import bind
from support.bind import BindServer

pytestmark = pytest.mark.dns

WRONG_SECRET = base64.b64encode(b"definitely-not-the-right-secret!").decode()
DKIM_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "x7Yq3k" * 60 + "IDAQAB"
DKIM_TEXT = f"v=DKIM1; k=rsa; p={DKIM_KEY}"


def configure(provider: RecordSetBehaviour, config: dict[str, Any] | None = None) -> None:
    provider.configure(ConfigureRequest(Config(raw_config=config or {}, project_name="test")))


@pytest.fixture
def provider(
    bind_server: BindServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RecordSetBehaviour]:
    """A provider configured with no stack config; the secret comes from DNS_TSIG_SECRET."""
    monkeypatch.setenv("DNS_TSIG_SECRET", bind_server.tsig_secret)
    instance = RecordSetBehaviour()
    configure(instance)
    yield instance
    configure(instance)


@pytest.fixture
def label() -> str:
    """A fresh owner name, so tests sharing the session's server never collide."""
    return f"t-{uuid.uuid4().hex[:10]}"


def inputs(bind_server: BindServer, **overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "zone": "example.test",
        "name": "www",
        "type": "TXT",
        "values": ['"hello"'],
        "server": bind_server.address,
        "tsig_key_name": bind_server.tsig_name,
    }
    props.update(overrides)
    return props


def checked(provider: RecordSetBehaviour, props: dict[str, Any]) -> dict[str, Any]:
    """``props`` as the engine hands them to create/update after a successful check."""
    result = provider.check({}, props)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def create(provider: RecordSetBehaviour, props: dict[str, Any]) -> dict[str, Any]:
    result = provider.create(checked(provider, props))
    assert result.outs is not None
    return result.outs


# ---------------------------------------------------------------------------- lifecycle


def test_create_read_delete(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    props = checked(
        provider,
        inputs(bind_server, name=label, values=['"v=spf1 -all"', '"second"'], ttl=600.0),
    )
    result = provider.create(props)
    fqdn = f"{label}.example.test"
    assert result.id == f"{fqdn}/TXT"
    assert result.outs == {
        "fqdn": fqdn,
        "zone": "example.test",
        "name": label,
        "type": "TXT",
        "values": ['"v=spf1 -all"', '"second"'],
        "ttl": 600,
        "server": bind_server.address,
        "tsig_key_name": bind_server.tsig_name,
        "tsig_algorithm": "hmac-sha256",
    }
    assert bind_server.query(fqdn, "TXT") == ['"second"', '"v=spf1 -all"']
    assert bind_server.query_ttl(fqdn, "TXT") == 600

    read = provider.read(result.id, result.outs)
    assert read.id == result.id
    assert read.outs == result.outs

    provider.delete(result.id, result.outs)
    assert bind_server.query(fqdn, "TXT") == []
    assert provider.read(result.id, result.outs).id == ""


def test_apex_and_common_types(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    cases = [
        ("mail.test", "@", "MX", ["10 mx1.mail.test.", "20 mx2.example.net."]),
        ("mail.test", f"_imaps._tcp.{label}", "SRV", ["0 1 993 imap.mail.test."]),
        ("mail.test", f"autoconfig-{label}", "CNAME", ["autoconfig.example.net."]),
        ("mail.test", label, "A", ["192.0.2.10", "192.0.2.11"]),
        ("mail.test", label, "AAAA", ["2001:db8::10"]),
        ("mail.test", label, "CAA", ['0 issue "letsencrypt.org"']),
        ("mail.test", f"sub-{label}", "NS", ["ns1.example.net.", "ns2.example.net."]),
    ]
    created = []
    for zone, name, rtype, values in cases:
        outs = create(
            provider, inputs(bind_server, zone=zone, name=name, type=rtype, values=values)
        )
        assert sorted(bind_server.query(outs["fqdn"], rtype)) == sorted(outs["values"])
        read = provider.read(f"{outs['fqdn']}/{rtype}", outs)
        assert read.outs == outs, rtype
        created.append(outs)
    assert created[0]["fqdn"] == "mail.test"
    for outs in created:
        provider.delete(f"{outs['fqdn']}/{outs['type']}", outs)
        assert bind_server.query(outs["fqdn"], outs["type"]) == []


def test_update_values_then_ttl(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    fqdn = f"{label}.example.test"
    olds = create(
        provider, inputs(bind_server, name=label, type="MX", values=["10 a.example.net."])
    )

    news = checked(
        provider,
        inputs(
            bind_server, name=label, type="MX", values=["20 c.example.net.", "10 b.example.net."]
        ),
    )
    assert provider.diff(fqdn + "/MX", olds, news).changes is True
    outs = provider.update(fqdn + "/MX", olds, news).outs
    assert outs is not None
    assert bind_server.query(fqdn, "MX") == ["10 b.example.net.", "20 c.example.net."]
    assert bind_server.query_ttl(fqdn, "MX") == 3600

    news = checked(provider, {**news, "ttl": 120})
    diff = provider.diff(fqdn + "/MX", outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    outs = provider.update(fqdn + "/MX", outs, news).outs
    assert outs is not None and outs["ttl"] == 120
    assert bind_server.query_ttl(fqdn, "MX") == 120
    assert bind_server.query(fqdn, "MX") == ["10 b.example.net.", "20 c.example.net."]
    provider.delete(fqdn + "/MX", outs)


def test_delete_is_idempotent(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    outs = create(provider, inputs(bind_server, name=label))
    provider.delete(f"{outs['fqdn']}/TXT", outs)
    provider.delete(f"{outs['fqdn']}/TXT", outs)
    assert bind_server.query(outs["fqdn"], "TXT") == []


def test_delete_leaves_other_types_alone(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    bind_server.add("example.test", label, "A", "192.0.2.1")
    outs = create(provider, inputs(bind_server, name=label))
    provider.delete(f"{outs['fqdn']}/TXT", outs)
    assert bind_server.query(outs["fqdn"], "A") == ["192.0.2.1"]


# ---------------------------------------------------------------------------- foreign records


def test_create_never_takes_over_an_existing_rrset(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    bind_server.add("example.test", label, "TXT", '"foreign"')
    with pytest.raises(RecordSetError, match=r"already exists at .*remove them first"):
        create(provider, inputs(bind_server, name=label, values=['"mine"']))
    assert bind_server.query(f"{label}.example.test", "TXT") == ['"foreign"']


def test_cname_cannot_share_a_name(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    bind_server.add("example.test", label, "A", "192.0.2.1")
    with pytest.raises(RecordSetError, match="CNAME cannot share its name"):
        create(provider, inputs(bind_server, name=label, type="CNAME", values=["x.example.net."]))

    other = f"{label}-c"
    bind_server.add("example.test", other, "CNAME", "x.example.net.")
    with pytest.raises(RecordSetError, match="or a CNAME"):
        create(provider, inputs(bind_server, name=other, values=['"text"']))
    assert bind_server.query(f"{other}.example.test", "TXT") == []


# ---------------------------------------------------------------------------- drift


def test_read_shows_out_of_band_changes(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    fqdn = f"{label}.example.test"
    outs = create(provider, inputs(bind_server, name=label, type="A", values=["192.0.2.1"]))
    rrset_id = f"{fqdn}/A"

    bind_server.add("example.test", label, "A", "192.0.2.2", ttl=3600)
    drifted = provider.read(rrset_id, outs)
    assert drifted.id == rrset_id
    assert drifted.outs is not None
    assert drifted.outs["values"] == ["192.0.2.1", "192.0.2.2"]
    diff = provider.diff(
        rrset_id,
        drifted.outs,
        checked(provider, inputs(bind_server, name=label, type="A", values=["192.0.2.1"])),
    )
    assert (diff.changes, diff.replaces) == (True, [])

    bind_server.delete("example.test", label, "A")
    bind_server.add("example.test", label, "A", "192.0.2.1", ttl=60)
    drifted = provider.read(rrset_id, outs)
    assert drifted.outs is not None
    assert (drifted.outs["values"], drifted.outs["ttl"]) == (["192.0.2.1"], 60)

    bind_server.delete("example.test", label, "A")
    gone = provider.read(rrset_id, outs)
    assert gone.id == ""


def test_update_repairs_drift(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    fqdn = f"{label}.example.test"
    olds = create(provider, inputs(bind_server, name=label, values=['"a"', '"b"']))
    bind_server.add("example.test", label, "TXT", '"intruder"', ttl=3600)
    refreshed = provider.read(f"{fqdn}/TXT", olds).outs
    assert refreshed is not None
    news = checked(provider, inputs(bind_server, name=label, values=['"b"', '"a"']))
    provider.update(f"{fqdn}/TXT", refreshed, news)
    assert bind_server.query(fqdn, "TXT") == ['"a"', '"b"']
    provider.delete(f"{fqdn}/TXT", news)


# ---------------------------------------------------------------------------- long TXT


def test_long_txt_is_split_and_reads_back_equal(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    assert len(DKIM_TEXT) > 255
    name = f"{label}._domainkey"
    fqdn = f"{name}.example.test"
    unsplit = checked(provider, inputs(bind_server, name=name, values=[f'"{DKIM_TEXT}"']))
    presplit = checked(
        provider,
        inputs(bind_server, name=name, values=[f'"{DKIM_TEXT[:200]}" "{DKIM_TEXT[200:]}"']),
    )
    (value,) = unsplit["values"]
    assert value == f'"{DKIM_TEXT[:255]}" "{DKIM_TEXT[255:]}"'

    outs = provider.create(unsplit).outs
    assert outs is not None
    _, rdatas = bind_server.query_rrset(fqdn, "TXT")
    (rdata,) = rdatas
    strings: tuple[bytes, ...] = rdata.strings  # type: ignore[attr-defined]
    assert [len(s) for s in strings] == [255, len(DKIM_TEXT) - 255]
    assert b"".join(strings).decode() == DKIM_TEXT

    read = provider.read(f"{fqdn}/TXT", outs)
    assert read.outs == outs
    # Splitting the same text differently is a different record: it is an update, not a no-op.
    assert provider.diff(f"{fqdn}/TXT", outs, presplit).changes is True
    provider.delete(f"{fqdn}/TXT", outs)


# ---------------------------------------------------------------------------- diff


def test_diff(provider: RecordSetBehaviour, bind_server: BindServer) -> None:
    olds = checked(
        provider, inputs(bind_server, type="MX", values=["10 a.example.", "20 b.example."])
    )

    def diff(**changes: Any) -> tuple[bool | None, list[str] | None, bool | None]:
        news = checked(provider, {**olds, **changes})
        result = provider.diff("www.example.test/MX", olds, news)
        return result.changes, result.replaces, result.delete_before_replace

    assert diff() == (False, [], False)
    assert diff(values=["20   b.example.", "10 A.EXAMPLE."]) == (False, [], False)
    assert diff(ttl=3600.0) == (False, [], False)
    assert diff(name="WWW") == (False, [], False)
    assert diff(values=["10 a.example."]) == (True, [], False)
    assert diff(ttl=60) == (True, [], False)
    # Another server is another record set: created there first, then deleted from the old one.
    assert diff(server="127.0.0.1:1") == (True, ["server"], False)
    assert diff(tsig_key_name="other.") == (True, [], False)
    assert diff(tsig_algorithm="hmac-sha512") == (True, [], False)
    assert diff(name="mail") == (True, ["name"], False)
    assert diff(zone="mail.test") == (True, ["zone"], False)
    assert diff(type="TXT", values=['"x"']) == (True, ["type"], False)
    # Same owner name spelled with another zone cut: delete first, or the create would collide.
    assert diff(zone="test", name="www.example") == (True, ["zone", "name"], True)

    unknown_values = {**olds, "values": UNKNOWN}
    assert provider.diff("id", olds, provider.check(olds, unknown_values).inputs).changes is True
    unknown_name = {**olds, "name": UNKNOWN}
    result = provider.diff("id", olds, provider.check(olds, unknown_name).inputs)
    assert (result.changes, result.replaces) == (True, ["name"])


# ---------------------------------------------------------------------------- check


BAD_INPUTS: list[tuple[str, dict[str, Any], str]] = [
    ("zone", {"zone": None}, "zone is required"),
    ("zone", {"zone": "."}, "not the root"),
    ("zone", {"zone": "exa mple.test"}, "not a valid DNS name"),
    ("zone", {"zone": "a" * 64 + ".test"}, "not a valid DNS name"),
    ("zone", {"zone": 42}, "must be a string"),
    ("name", {"name": ""}, "name ('@' for the zone apex) is required"),
    ("name", {"name": "www.example.test."}, "absolute (ends with '.'); names are relative"),
    ("name", {"name": "www.example.test"}, "use 'www'"),
    ("name", {"name": "example.test"}, "use '@'"),
    ("name", {"name": "bad name"}, "not a valid relative name"),
    ("name", {"name": "a.*"}, "'*' only as the first label"),
    ("type", {"type": "SOA"}, "not supported"),
    ("type", {"type": "BOGUS"}, "not supported"),
    ("type", {"name": "@", "type": "CNAME", "values": ["x.example."]}, "zone apex"),
    ("type", {"name": "@", "type": "NS", "values": ["ns.example."]}, "apex NS"),
    ("values", {"values": []}, "at least one record"),
    ("values", {"values": '"not a list"'}, "must be a list"),
    ("values", {"values": [7]}, "values[0] must be a non-empty RDATA string"),
    ("values", {"values": ['"ok"', ""]}, "values[1] must be a non-empty"),
    ("values", {"values": ["v=spf1 include:example.com -all"]}, "unquoted words"),
    ("values", {"values": ['"unterminated']}, "not valid TXT RDATA"),
    ("values", {"values": ["v=DKIM1; k=rsa; p=MIIB"]}, "unquoted ';'"),
    ("values", {"values": ['"v=spf1 -all" ; comment']}, "unquoted ';'"),
    ("values", {"type": "MX", "values": ["10 mx.example.com. ; note"]}, "unquoted ';'"),
    ("values", {"values": ['"dup"', '"dup"']}, "more than once"),
    ("values", {"type": "A", "values": ["192.0.2.300"]}, "not valid A RDATA"),
    ("values", {"type": "AAAA", "values": ["192.0.2.1"]}, "not valid AAAA RDATA"),
    ("values", {"type": "MX", "values": ["mx.example.com."]}, "not valid MX RDATA"),
    ("values", {"type": "MX", "values": ["10 mx.example.com"]}, "must be absolute"),
    ("values", {"type": "SRV", "values": ["0 1 imap.example.com."]}, "not valid SRV RDATA"),
    ("values", {"type": "CNAME", "values": ["a.example.", "b.example."]}, "exactly one value"),
    ("values", {"type": "CNAME", "values": ["target"]}, "must be absolute"),
    ("ttl", {"ttl": 0}, "from 1 to 2147483647"),
    ("ttl", {"ttl": 2**31}, "from 1 to 2147483647"),
    ("ttl", {"ttl": 3600.5}, "whole number"),
    ("ttl", {"ttl": "3600"}, "whole number"),
    ("ttl", {"ttl": True}, "whole number"),
    ("server", {"server": None}, "server (host or host:port"),
    ("server", {"server": "ns1.example.com:0"}, "invalid port"),
    ("server", {"server": "ns1.example.com:dns"}, "invalid port"),
    ("server", {"server": "ns1.example.com:"}, "invalid port"),
    ("server", {"server": "bad host"}, "not a valid host name or IP address"),
    ("server", {"server": "[::1"}, "is not host, host:port or [ipv6]:port"),
    ("tsig_key_name", {"tsig_key_name": None}, "tsig_key_name"),
    ("tsig_key_name", {"tsig_key_name": "a..b"}, "not a valid DNS name"),
    ("tsig_algorithm", {"tsig_algorithm": "hmac-sha3"}, "not supported; use one of hmac-md5"),
    ("tsig_algorithm", {"tsig_algorithm": "gss-tsig"}, "not supported"),
]


@pytest.mark.parametrize(("prop", "overrides", "reason"), BAD_INPUTS)
def test_check_names_the_failing_property(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    prop: str,
    overrides: dict[str, Any],
    reason: str,
) -> None:
    result = provider.check({}, inputs(bind_server, **overrides))
    assert [f.property for f in result.failures] == [prop]
    assert reason in result.failures[0].reason


def test_check_normalizes(provider: RecordSetBehaviour) -> None:
    result = provider.check(
        {},
        {
            "zone": "Example.TEST.",
            "name": "WWW.Sub",
            "type": "aaaa",
            "values": [" 2001:DB8:0:0::1 "],
            "ttl": 300.0,
            "server": "NS1.Example.COM.",
            "tsig_key_name": "key.",
            "tsig_algorithm": "HMAC-MD5.SIG-ALG.REG.INT.",
        },
    )
    assert result.failures == []
    assert result.inputs == {
        "fqdn": "www.sub.example.test",
        "zone": "example.test",
        "name": "www.sub",
        "type": "AAAA",
        "values": ["2001:db8::1"],
        "ttl": 300,
        "server": "ns1.example.com",
        "tsig_key_name": "key.",
        "tsig_algorithm": "hmac-md5",
    }
    ipv6 = provider.check({}, {**result.inputs, "server": "[2001:DB8::53]:5353"})
    assert ipv6.inputs["server"] == "[2001:db8::53]:5353"
    assert provider.check({}, {**result.inputs, "server": "::1"}).inputs["server"] == "::1"


def test_check_skips_unknowns(provider: RecordSetBehaviour) -> None:
    news = {
        "zone": UNKNOWN,
        "name": UNKNOWN,
        "type": "TXT",
        "values": ['"known"', UNKNOWN],
        "ttl": UNKNOWN,
        "server": UNKNOWN,
        "tsig_key_name": UNKNOWN,
        "tsig_algorithm": UNKNOWN,
    }
    result = provider.check({}, news)
    assert result.failures == []
    assert result.inputs == news
    whole_list = provider.check({}, {**news, "type": UNKNOWN, "values": UNKNOWN})
    assert whole_list.failures == []


# ---------------------------------------------------------------------------- errors


def test_wrong_secret_is_badsig_without_leaking(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DNS_TSIG_SECRET", WRONG_SECRET)
    with pytest.raises(RecordSetError) as caught:
        create(provider, inputs(bind_server, name=label))
    message = str(caught.value)
    assert "BADSIG" in message
    assert "DNS_TSIG_SECRET" in message and bind_server.address in message
    assert WRONG_SECRET not in message and bind_server.tsig_secret not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert bind_server.query(f"{label}.example.test", "TXT") == []


def test_unknown_key_is_badkey(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    with pytest.raises(RecordSetError, match=r"does not know the TSIG key 'nobody\.' .*BADKEY"):
        create(provider, inputs(bind_server, name=label, tsig_key_name="nobody."))
    with pytest.raises(RecordSetError, match="BADKEY"):
        create(provider, inputs(bind_server, name=label, tsig_algorithm="hmac-sha512"))


def test_secret_from_stack_config_wins(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DNS_TSIG_SECRET", WRONG_SECRET)
    configure(provider, {"dns:tsigSecret": bind_server.tsig_secret})
    outs = create(provider, inputs(bind_server, name=label))
    provider.delete(f"{outs['fqdn']}/TXT", outs)

    configure(provider, {"dns:tsigSecret": WRONG_SECRET})
    monkeypatch.setenv("DNS_TSIG_SECRET", bind_server.tsig_secret)
    with pytest.raises(
        RecordSetError, match="secret from config dns:tsigSecret or DNS_TSIG_SECRET"
    ):
        create(provider, inputs(bind_server, name=label))


def test_missing_or_malformed_secret(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DNS_TSIG_SECRET")
    with pytest.raises(RecordSetError, match=r"no TSIG secret .*pulumi config set --secret"):
        create(provider, inputs(bind_server, name=label))
    monkeypatch.setenv("DNS_TSIG_SECRET", "not*base64!")
    with pytest.raises(RecordSetError, match="DNS_TSIG_SECRET is not valid base64") as caught:
        create(provider, inputs(bind_server, name=label))
    assert "not*base64!" not in str(caught.value)


def test_zone_the_server_does_not_serve(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    props = inputs(bind_server, zone="not-served.test", name=label)
    with pytest.raises(RecordSetError) as caught:
        create(provider, props)
    message = str(caught.value)
    assert "answered NOTAUTH: the server is not authoritative for zone" in message
    assert "'not-served.test'" in message and bind_server.address in message

    stored = checked(provider, props)
    with pytest.raises(RecordSetError, match=r"answered REFUSED: .* zone 'not-served\.test'"):
        provider.read(f"{label}.not-served.test/TXT", stored)
    with pytest.raises(RecordSetError, match=r"not-served\.test"):
        provider.delete(f"{label}.not-served.test/TXT", stored)


def test_connection_refused(
    provider: RecordSetBehaviour, bind_server: BindServer, label: str
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(RecordSetError, match=f"refused the TCP connection on port {closed_port}"):
        create(provider, inputs(bind_server, name=label, server=f"127.0.0.1:{closed_port}"))


def test_timeout_names_the_server(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rfc2136, "TIMEOUT_SECONDS", 0.5)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        server = f"127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(
            RecordSetError, match=f"no answer from DNS server {server} within 0.5 s"
        ):
            create(provider, inputs(bind_server, name=label, server=server))


def test_read_fails_loudly_when_the_server_cannot_answer(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only an authoritative NXDOMAIN/NODATA means "gone": no answer is never "gone"."""
    stored = create(provider, inputs(bind_server, name=label))
    monkeypatch.setattr(rfc2136, "TIMEOUT_SECONDS", 0.5)
    with socket.socket() as silent, socket.socket() as probe:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        probe.bind(("127.0.0.1", 0))
        for server, reason in (
            (f"127.0.0.1:{silent.getsockname()[1]}", "no answer from DNS server"),
            (f"127.0.0.1:{probe.getsockname()[1]}", "refused the TCP connection"),
        ):
            with pytest.raises(RecordSetError, match=reason):
                provider.read(f"{label}.example.test/TXT", {**stored, "server": server})
    provider.delete(f"{label}.example.test/TXT", stored)
    gone = provider.read(f"{label}.example.test/TXT", stored)
    assert gone.id == ""


def test_changing_server_moves_the_record_set(
    provider: RecordSetBehaviour,
    bind_server: BindServer,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new server replaces: create on the new one (never taking over), delete on the old."""
    fqdn = f"{label}.example.test"
    olds = create(provider, inputs(bind_server, name=label))
    # A second server with the same TSIG secret, so one DNS_TSIG_SECRET serves both.
    same_secret = base64.b64decode(bind_server.tsig_secret)
    monkeypatch.setattr(secrets, "token_bytes", lambda _size: same_secret)
    with bind.running_bind(("example.test",)) as other:
        news = checked(provider, {**olds, "server": other.address})
        result = provider.diff(f"{fqdn}/TXT", olds, news)
        assert (result.changes, result.replaces, result.delete_before_replace) == (
            True,
            ["server"],
            False,
        )
        # The engine's replace: create on the new server, then delete with the old inputs.
        moved = create(provider, news)
        assert moved["server"] == other.address
        with pytest.raises(RecordSetError, match="answered YXRRSET"):
            create(provider, news)  # an RRset already there is never taken over
        provider.delete(f"{fqdn}/TXT", olds)
        assert other.query(fqdn, "TXT") == ['"hello"']
        assert bind_server.query(fqdn, "TXT") == []
        provider.delete(f"{fqdn}/TXT", moved)
        assert other.query(fqdn, "TXT") == []


# ---------------------------------------------------------------------------- resource class


def test_resource_class_contract() -> None:
    assert issubclass(RecordSet, pulumi.dynamic.Resource)
    assert RecordSet._resource_type_name == "dynamic/dns:RecordSet"
    outputs = {"fqdn", "zone", "name", "type", "values", "ttl", "server"}
    outputs |= {"tsig_key_name", "tsig_algorithm"}
    assert outputs <= set(RecordSet.__annotations__)
    parameters = inspect.signature(RecordSet.__init__).parameters
    assert [p for p, v in parameters.items() if v.kind is v.KEYWORD_ONLY] == [
        "zone",
        "name",
        "type",
        "values",
        "ttl",
        "server",
        "tsig_key_name",
        "tsig_algorithm",
        "opts",
    ]
    assert "secret" not in " ".join(parameters)


def test_pickled_provider_is_a_small_reference(
    provider: RecordSetBehaviour, bind_server: BindServer
) -> None:
    configure(provider, {"dns:tsigSecret": bind_server.tsig_secret})
    pickled = base64.b64decode(serialize_provider(provider))
    assert len(pickled) < 200
    assert b"pulumi_mail_domains.dns.record_set" in pickled
    assert bind_server.tsig_secret.encode() not in pickled
    assert vars(provider) == {}


def test_supported_types_parse() -> None:
    for rtype in SUPPORTED_TYPES:
        dns.rdatatype.from_text(rtype)
