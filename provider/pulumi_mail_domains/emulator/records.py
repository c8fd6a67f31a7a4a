"""The DNS records each emulated vendor asks its customers to publish.

Every domain gets its own real RSA key pair for DKIM (2048 bits, so the DKIM TXT value is
longer than one 255-byte TXT string). Generating one costs tens of milliseconds, so a
:class:`DkimKeyPool` keeps a few fresh keys ready in a background thread; a key is handed
out once and never reused.
"""

from __future__ import annotations

import base64
import dataclasses
import queue
import secrets
import threading

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DKIM_KEY_BITS = 2048

# Scaleway's service host names, as seen in real responses (docs/vendor-apis.md §1.4 and §1.6).
SCW_WEBMAIL_URL = "https://mailbox.scw.eu"
SCW_IMAP_URL = "imap.mailbox.scw.eu"
SCW_POP3_URL = "pop3.mailbox.scw.eu"
SCW_SMTP_URL = "smtp.mailbox.scw.eu"
SCW_DKIM_SELECTOR = "scw-mbox"

# FullHelp's own names (docs/vendor-apis.md part 3: SPF at the apex, Return-Path CNAME at a fixed
# label).
FH_SPF_VALUE = "v=spf1 include:spf.fullhelp.com ~all"
FH_RETURN_PATH_LABEL = "fh-bounces"
FH_RETURN_PATH_TARGET = "bounces.fullhelp.com"


def generate_dkim_public_key() -> str:
    """A fresh RSA public key as base64 DER SubjectPublicKeyInfo (the DKIM ``p=`` tag)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=DKIM_KEY_BITS)
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


class DkimKeyPool:
    """Fresh DKIM public keys, generated ahead of time by a daemon thread.

    ``take`` returns a pooled key at once, or generates one inline when the pool is empty.
    With ``reuse``, the first ``size`` keys are handed out in turn forever instead: load tests
    of a thousand domains then measure the provider, not 2048-bit RSA key generation.
    """

    def __init__(self, size: int, *, reuse: bool = False) -> None:
        self._keys: queue.Queue[str] = queue.Queue(maxsize=max(size, 1))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._size = size
        self._reuse = reuse and size > 0

    def start(self) -> None:
        """Start filling the pool in the background (no-op for a pool of size 0)."""
        if self._size > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._fill, name="dkim-pool", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def take(self) -> str:
        """A key nobody else has received."""
        if self._reuse:
            key = self._keys.get()
            self._keys.put(key)
            return key
        try:
            return self._keys.get_nowait()
        except queue.Empty:
            return generate_dkim_public_key()

    def _fill(self) -> None:
        if self._reuse:
            for _ in range(self._size):
                self._keys.put(generate_dkim_public_key())
            return
        while not self._stop.is_set():
            key = generate_dkim_public_key()
            while not self._stop.is_set():
                try:
                    self._keys.put(key, timeout=0.2)
                    break
                except queue.Full:
                    continue


@dataclasses.dataclass(frozen=True)
class ScalewayRecordSpec:
    """One Scaleway DomainRecord as generated at creation (before any validation)."""

    key: str
    level: str
    dns_type: str
    dns_name: str
    dns_value: str


def scaleway_records(
    domain: str, validation_token: str, dkim_public_key: str
) -> list[ScalewayRecordSpec]:
    """The twelve records of docs/vendor-apis.md §1.6 for ``domain`` (names absolute, with trailing
    dot)."""
    apex = f"{domain}."

    def spec(key: str, level: str, dns_type: str, prefix: str, value: str) -> ScalewayRecordSpec:
        return ScalewayRecordSpec(key, level, f"{dns_type}_dns_type", prefix + apex, value)

    return [
        spec("domain_validation", "required", "txt", "", f"scaleway-mailbox={validation_token}"),
        spec("spf", "required", "txt", "", "v=spf1 include:spf.mailbox.scw.eu -all"),
        spec(
            "dkim",
            "required",
            "txt",
            f"{SCW_DKIM_SELECTOR}._domainkey.",
            f"v=DKIM1; h=sha256; k=rsa; p={dkim_public_key}",
        ),
        spec("dmarc", "required", "txt", "_dmarc.", "v=DMARC1; p=none"),
        spec("mx", "required", "mx", "", f"10 {SCW_SMTP_URL}."),
        spec("autoconfig", "recommended", "cname", "autoconfig.", "autoconfig.mailbox.scw.eu."),
        spec(
            "autodiscover", "recommended", "cname", "autodiscover.", "autodiscover.mailbox.scw.eu."
        ),
        spec("imap", "recommended", "srv", "_imaps._tcp.", f"0 1 993 {SCW_IMAP_URL}."),
        spec("pop3", "recommended", "srv", "_pop3s._tcp.", f"0 1 995 {SCW_POP3_URL}."),
        spec("submission", "recommended", "srv", "_submissions._tcp.", f"0 1 465 {SCW_SMTP_URL}."),
        spec("caldav", "optional", "srv", "_caldavs._tcp.", "0 1 443 caldav.mailbox.scw.eu."),
        spec("carddav", "optional", "srv", "_carddavs._tcp.", "0 1 443 carddav.mailbox.scw.eu."),
    ]


@dataclasses.dataclass(frozen=True)
class FullHelpRecordSpec:
    """One FullHelp ``dns_records`` entry; ``hostname`` is relative to the domain (``@``)."""

    label: str
    type: str
    hostname: str
    value: str


def new_dkim_selector() -> str:
    """A random selector shaped like the seed's ``653216321fh``."""
    return f"{secrets.randbelow(10**9):09d}fh"


def fullhelp_records(selector: str, dkim_public_key: str) -> list[FullHelpRecordSpec]:
    """DKIM, SPF and Return-Path, in the order FullHelp lists them."""
    return [
        FullHelpRecordSpec("DKIM", "TXT", f"{selector}._domainkey", f"k=rsa;p={dkim_public_key}"),
        FullHelpRecordSpec("SPF", "TXT", "@", FH_SPF_VALUE),
        FullHelpRecordSpec("Return-Path", "CNAME", FH_RETURN_PATH_LABEL, FH_RETURN_PATH_TARGET),
    ]
