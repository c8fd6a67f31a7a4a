"""A domain shared by a Scaleway Mailbox domain and a FullHelp domain, and an SPF evaluator.

The BIND9 the SPF tests start serves the shared zone and, as extra zones, the vendors' own
``spf.mailbox.scw.eu`` and ``spf.fullhelp.com`` with test networks, so a real SPF evaluation of
the merged record (pyspf, asking that BIND9 through dnspython) follows each vendor's include.
"""

from __future__ import annotations

import dns.rdtypes.ANY.TXT
import dns.resolver
import spf

from support.bind import BindServer

ZONE = "senders.test"
SCALEWAY_NETWORK, SCALEWAY_HOST = "192.0.2.0/25", "192.0.2.10"
FULLHELP_NETWORK, FULLHELP_HOST = "203.0.113.0/25", "203.0.113.20"
OWN_NETWORK, OWN_HOST = "198.51.100.0/24", "198.51.100.30"
STRANGER = "192.0.2.200"
"""In none of the networks (the upper half of Scaleway's test /24)."""

SENDER_ZONES = (ZONE, "spf.mailbox.scw.eu", "spf.fullhelp.com")


def publish_vendor_networks(server: BindServer) -> None:
    """The vendors' include targets, each authorising its test network."""
    server.add("spf.mailbox.scw.eu", "@", "TXT", f'"v=spf1 ip4:{SCALEWAY_NETWORK} -all"')
    server.add("spf.fullhelp.com", "@", "TXT", f'"v=spf1 ip4:{FULLHELP_NETWORK} -all"')


def evaluate(server: BindServer, address: str, domain: str = ZONE) -> str:
    """pyspf's verdict for mail from ``address`` as ``someone@domain``, asking ``server`` only."""
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [server.host]
    resolver.port = server.port
    previous, dns.resolver.default_resolver = dns.resolver.default_resolver, resolver
    try:
        result, _explanation = spf.check2(i=address, s=f"someone@{domain}", h=f"mail.{domain}")
    finally:
        dns.resolver.default_resolver = previous
    return str(result)


def spf_records(server: BindServer, fqdn: str = ZONE) -> list[str]:
    """The ``v=spf1`` TXT records at ``fqdn``, strings joined."""
    rdatas = server.query_rrset(f"{fqdn}.", "TXT")[1]
    texts = [b"".join(r.strings).decode() for r in rdatas if isinstance(r, dns.rdtypes.ANY.TXT.TXT)]
    return [text for text in texts if text.startswith("v=spf1")]
