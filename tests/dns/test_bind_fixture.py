"""The BIND test server itself: TSIG-signed updates land and direct queries see them."""

from __future__ import annotations

import dataclasses

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsig
import pytest

from support.bind import BindServer

pytestmark = pytest.mark.dns


def test_add_query_delete(bind_server: BindServer) -> None:
    bind_server.add("example.test", "fixture-a", "A", "192.0.2.1", "192.0.2.2", ttl=120)
    assert bind_server.query("fixture-a.example.test", "A") == ["192.0.2.1", "192.0.2.2"]
    assert bind_server.query_ttl("fixture-a.example.test", "A") == 120

    bind_server.add("mail.test", "@", "MX", "10 mx.mail.test.")
    assert bind_server.query("mail.test", "MX") == ["10 mx.mail.test."]

    bind_server.delete("example.test", "fixture-a", "A")
    bind_server.delete("mail.test", "@", "MX")
    assert bind_server.query("fixture-a.example.test", "A") == []
    assert bind_server.query("mail.test", "MX") == []


def test_every_zone_is_served(bind_server: BindServer) -> None:
    for zone in ("example.test", "mail.test", "quickstart.test"):
        assert zone in bind_server.zones
        assert len(bind_server.query(zone, "SOA")) == 1
    assert bind_server.address == f"127.0.0.1:{bind_server.port}"


def test_update_with_wrong_key_is_rejected(bind_server: BindServer) -> None:
    impostor = dataclasses.replace(bind_server, tsig_secret="d3Jvbmcgc2VjcmV0IQ==")
    # named answers NOTAUTH with TSIG error BADSIG; dnspython raises PeerBadSignature for it.
    with pytest.raises(dns.tsig.PeerBadSignature):
        impostor.add("example.test", "intruder", "A", "192.0.2.9")
    assert bind_server.query("intruder.example.test", "A") == []


def test_no_recursion_outside_the_zones(bind_server: BindServer) -> None:
    query = dns.message.make_query("example.com.", dns.rdatatype.A)
    response = dns.query.udp(query, bind_server.host, port=bind_server.port, timeout=3)
    assert response.rcode() == dns.rcode.REFUSED
