"""Start and drive a real authoritative BIND9 (``named``) for tests.

The server runs as a child process on 127.0.0.1 on a free port (UDP and TCP), with its
configuration, zone files and journals in a temporary directory. Every zone is a primary zone
that accepts RFC 2136 UPDATE messages signed with one TSIG key (hmac-sha256, random secret).
Recursion is off, so queries for anything outside the configured zones are REFUSED.

The named binary is looked up in ``$BIND_NAMED``, on ``$PATH``, then in ``/usr/sbin`` and
``/usr/local/sbin`` (Debian installs it as ``/usr/sbin/named``, package ``bind9``).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tsig
import dns.update

TSIG_NAME = "test-key."
TSIG_ALGORITHM = "hmac-sha256"
_HOST = "127.0.0.1"
_START_TIMEOUT = 20.0
_QUERY_TIMEOUT = 3.0


def find_named() -> str | None:
    """Path of the ``named`` binary, or None when BIND9 is not installed."""
    override = os.environ.get("BIND_NAMED")
    if override:
        return override if os.access(override, os.X_OK) else None
    found = shutil.which("named")
    if found:
        return found
    for candidate in ("/usr/sbin/named", "/usr/local/sbin/named"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def bind_available() -> bool:
    """True when a ``named`` binary is installed."""
    return find_named() is not None


class DnsUpdateError(RuntimeError):
    """A test-side DNS UPDATE was answered with an rcode other than NOERROR."""


@dataclasses.dataclass
class BindServer:
    """A running ``named`` and helpers to change and query its zones directly."""

    host: str
    port: int
    tsig_name: str
    tsig_secret: str
    tsig_algorithm: str
    zones: list[str]
    process: subprocess.Popen[bytes]
    workdir: Path

    @property
    def address(self) -> str:
        """``host:port``, the form the ``server`` input of RecordSet takes."""
        return f"{self.host}:{self.port}"

    @property
    def log_path(self) -> Path:
        """named's own log (stdout and stderr of the process)."""
        return self.workdir / "named.log"

    def tsig_key(self) -> dns.tsig.Key:
        """The TSIG key the server accepts updates from."""
        return dns.tsig.Key(self.tsig_name, self.tsig_secret, self.tsig_algorithm)

    def add(self, zone: str, name: str, rtype: str, *rdata: str, ttl: int = 300) -> None:
        """Add records to ``name`` (relative to ``zone``, ``@`` for the apex) out of band."""
        update = self._update(zone)
        update.add(_relative(name), ttl, rtype, *rdata)
        self._send(update)

    def publish(self, record: Mapping[str, Any]) -> None:
        """Publish one of a domain's records (a ``DnsRecord`` view) as a vendor asks for it."""
        zone = record["zone"]
        name = record["fqdn"].rstrip(".").removesuffix(zone).rstrip(".") or "@"
        if record["type"] == "TXT":
            rdata = " ".join(f'"{chunk}"' for chunk in record["txt_chunks"] or [record["value"]])
        else:
            rdata = record["content"]
        self.add(zone, name, record["type"], rdata, ttl=record["ttl"])

    def delete(self, zone: str, name: str, rtype: str | None = None) -> None:
        """Delete the ``rtype`` RRset at ``name``, or every RRset there when rtype is None."""
        update = self._update(zone)
        if rtype is None:
            update.delete(_relative(name))
        else:
            update.delete(_relative(name), rtype)
        self._send(update)

    def query(self, fqdn: str, rtype: str) -> list[str]:
        """RDATA (as text, sorted) of the ``rtype`` RRset at ``fqdn``; empty when absent."""
        return sorted(rdata.to_text() for rdata in self.query_rrset(fqdn, rtype)[1])

    def query_ttl(self, fqdn: str, rtype: str) -> int | None:
        """TTL of the ``rtype`` RRset at ``fqdn``, or None when absent."""
        return self.query_rrset(fqdn, rtype)[0]

    def query_rrset(self, fqdn: str, rtype: str) -> tuple[int | None, list[dns.rdata.Rdata]]:
        """(ttl, rdatas) of the RRset at ``fqdn`` asked over TCP; (None, []) when absent."""
        qname = dns.name.from_text(fqdn)
        qtype = dns.rdatatype.from_text(rtype)
        response = dns.query.tcp(
            dns.message.make_query(qname, qtype), self.host, port=self.port, timeout=_QUERY_TIMEOUT
        )
        rcode = response.rcode()
        if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            raise DnsUpdateError(f"query {fqdn} {rtype}: {dns.rcode.to_text(rcode)}")
        # NS below a zone apex is a delegation: named answers with a referral (authority section).
        for rrset in [*response.answer, *response.authority]:
            if rrset.name == qname and rrset.rdtype == qtype:
                return rrset.ttl, list(rrset)
        return None, []

    def stop(self) -> None:
        """Stop named and remove its working directory."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _update(self, zone: str) -> dns.update.UpdateMessage:
        return dns.update.UpdateMessage(zone, keyring=self.tsig_key())

    def _send(self, update: dns.update.UpdateMessage) -> None:
        response = dns.query.tcp(update, self.host, port=self.port, timeout=_QUERY_TIMEOUT)
        if response.rcode() != dns.rcode.NOERROR:
            raise DnsUpdateError(f"update refused: {dns.rcode.to_text(response.rcode())}")


def _relative(name: str) -> dns.name.Name:
    if name == "@":
        return dns.name.empty
    return dns.name.from_text(name, origin=None)


def _free_port() -> int:
    """A port free on loopback for both UDP and TCP (best effort: the caller retries)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((_HOST, 0))
            port = int(tcp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((_HOST, port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port on 127.0.0.1 for both UDP and TCP")


def _zone_file(zone: str) -> str:
    return (
        "$TTL 300\n"
        f"$ORIGIN {zone}.\n"
        f"@ IN SOA ns1.{zone}. hostmaster.{zone}. 1 3600 600 86400 300\n"
        f"@ IN NS ns1.{zone}.\n"
        f"ns1 IN A {_HOST}\n"
    )


def _named_conf(workdir: Path, port: int, secret: str, zones: Sequence[str]) -> str:
    zone_blocks = "".join(
        f'zone "{zone}" {{\n'
        "    type primary;\n"
        f'    file "{zone}.zone";\n'
        f'    allow-update {{ key "{TSIG_NAME}"; }};\n'
        "};\n"
        for zone in zones
    )
    return (
        "options {\n"
        f'    directory "{workdir}";\n'
        f'    pid-file "{workdir}/named.pid";\n'
        f'    session-keyfile "{workdir}/session.key";\n'
        f'    managed-keys-directory "{workdir}";\n'
        f"    listen-on port {port} {{ {_HOST}; }};\n"
        "    listen-on-v6 { none; };\n"
        "    recursion no;\n"
        "    allow-query { any; };\n"
        "    dnssec-validation no;\n"
        "    notify no;\n"
        # Accept what real zones hold: MX/SRV targets outside the zone or without addresses.
        "    check-integrity no;\n"
        "    check-names primary ignore;\n"
        "    check-mx-cname ignore;\n"
        "    check-srv-cname ignore;\n"
        "};\n"
        "controls { };\n"
        f'key "{TSIG_NAME}" {{\n'
        f"    algorithm {TSIG_ALGORITHM};\n"
        f'    secret "{secret}";\n'
        "};\n" + zone_blocks
    )


def start_bind(zones: Sequence[str] = ("example.test",)) -> BindServer:
    """Start named serving ``zones`` (dynamic, TSIG-protected) and wait until it answers.

    Raises RuntimeError (with named's log) when named is missing or does not come up.
    """
    named = find_named()
    if named is None:
        raise RuntimeError("BIND9 'named' not found (Debian: apt-get install bind9)")
    names = [zone.lower().rstrip(".") for zone in zones]
    if not names:
        raise ValueError("start_bind needs at least one zone")
    last_error = ""
    for _ in range(3):  # the free port can be taken between probing and named binding it
        server = _try_start(named, names)
        if isinstance(server, BindServer):
            return server
        last_error = server
    raise RuntimeError(f"named did not start:\n{last_error}")


def _try_start(named: str, zones: list[str]) -> BindServer | str:
    workdir = Path(tempfile.mkdtemp(prefix="bind-test-"))
    # named may drop to another user when run with -u; we never pass -u, but keep the
    # directory writable for whoever runs it.
    workdir.chmod(0o777)
    port = _free_port()
    secret = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    for zone in zones:
        (workdir / f"{zone}.zone").write_text(_zone_file(zone))
    conf = workdir / "named.conf"
    conf.write_text(_named_conf(workdir, port, secret, zones))
    with open(workdir / "named.log", "wb") as log:
        process = subprocess.Popen(
            [named, "-g", "-4", "-n", "1", "-c", str(conf)],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = BindServer(
        host=_HOST,
        port=port,
        tsig_name=TSIG_NAME,
        tsig_secret=secret,
        tsig_algorithm=TSIG_ALGORITHM,
        zones=list(zones),
        process=process,
        workdir=workdir,
    )
    if _wait_ready(server):
        return server
    log_text = server.log_path.read_text(errors="replace")
    server.stop()
    return log_text


def _wait_ready(server: BindServer) -> bool:
    """Wait until every zone answers an SOA query over UDP and TCP."""
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        if all(_answers_soa(server, zone) for zone in server.zones):
            return True
        time.sleep(0.1)
    return False


def _answers_soa(server: BindServer, zone: str) -> bool:
    query = dns.message.make_query(zone, dns.rdatatype.SOA)
    try:
        udp = dns.query.udp(query, server.host, port=server.port, timeout=0.5)
        tcp = dns.query.tcp(query, server.host, port=server.port, timeout=0.5)
    except (dns.exception.DNSException, OSError):
        return False
    return all(r.rcode() == dns.rcode.NOERROR and r.answer for r in (udp, tcp))


@contextlib.contextmanager
def running_bind(zones: Sequence[str] = ("example.test",)) -> Iterator[BindServer]:
    """``start_bind`` as a context manager that always stops the server."""
    server = start_bind(zones)
    try:
        yield server
    finally:
        server.stop()
