"""Run an example program under Pulumi mocks, with realistic vendor outputs.

The mocks answer for the package's dynamic resources the way their providers would after a
create: the vendor's answer is built from the emulator's own record generators (Scaleway's
twelve records, FullHelp's three, each with a real 2048-bit DKIM key) and turned into outputs by
each behaviour's own output function, so nothing here restates what a resource outputs. Every other
resource (the cloud DNS resources under test) gets its inputs back as its state. The monitor
keeps each registration's inputs and dependencies for the assertions.
"""

from __future__ import annotations

import base64
import importlib.util
import itertools
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pulumi
import pulumi.runtime
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pulumi.runtime.mocks import MockMonitor

from pulumi_mail_domains.core.records import DnsRecord
from pulumi_mail_domains.emulator import records as emulated
from pulumi_mail_domains.fullhelp.domain import domain_outputs as fullhelp_outputs
from pulumi_mail_domains.fullhelp.models import Domain as FhDomain
from pulumi_mail_domains.fullhelp.records import shape_records as fullhelp_shape
from pulumi_mail_domains.scaleway.mailbox_domain import domain_outputs as scaleway_outputs
from pulumi_mail_domains.scaleway.models import Domain as ScwDomain
from pulumi_mail_domains.scaleway.models import DomainRecords as ScwDomainRecords
from pulumi_mail_domains.scaleway.records import shape_records as scaleway_shape

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SCW_PROJECT_ID = "0b7a5e2c-3f41-4a8e-9c52-6d1f0e7b2a94"
SCW_DOMAIN_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
SCW_VALIDATION_TOKEN = "a4d1c3f9e8b27f60c5d9"
SCW_DKIM_SELECTOR = emulated.SCW_DKIM_SELECTOR
FH_DOMAIN_ID = "4242"
FH_ACCOUNT_ID = 1
FH_DKIM_SELECTOR = "653216321fh"
FH_SPF = emulated.FH_SPF_VALUE
CREATED_AT = "2026-01-01T00:00:00Z"

DYNAMIC = "pulumi-python:dynamic/"


def dkim_public_key() -> str:
    """A fresh 2048-bit RSA public key, base64 DER SubjectPublicKeyInfo (the DKIM ``p=`` tag)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


@dataclass(frozen=True)
class VendorData:
    """The DKIM keys both vendors hand out for the session's domains."""

    scaleway_dkim_key: str
    fullhelp_dkim_key: str

    @property
    def scaleway_dkim(self) -> str:
        """Scaleway's DKIM TXT text."""
        return f"v=DKIM1; h=sha256; k=rsa; p={self.scaleway_dkim_key}"

    @property
    def fullhelp_dkim(self) -> str:
        """FullHelp's DKIM TXT text."""
        return f"k=rsa;p={self.fullhelp_dkim_key}"

    def scaleway_api_domain(self, name: str, project_id: str) -> ScwDomain:
        """The domain as GetDomain returns it once created (the emulator's host names)."""
        return ScwDomain.model_validate(
            {
                "id": SCW_DOMAIN_ID,
                "organization_id": project_id,
                "project_id": project_id,
                "name": name,
                "status": "waiting_validation",
                "mailbox_total_count": 0,
                "webmail_url": emulated.SCW_WEBMAIL_URL,
                "imap_url": emulated.SCW_IMAP_URL,
                "pop3_url": emulated.SCW_POP3_URL,
                "smtp_url": emulated.SCW_SMTP_URL,
                "created_at": CREATED_AT,
                "updated_at": CREATED_AT,
            }
        )

    def scaleway_api_records(self, domain: str) -> ScwDomainRecords:
        """The twelve records GetDomainRecords lists, generated as the emulator generates them."""
        generated = emulated.scaleway_records(domain, SCW_VALIDATION_TOKEN, self.scaleway_dkim_key)
        return ScwDomainRecords.model_validate(
            {
                r.key: {
                    "dns_name": r.dns_name,
                    "dns_type": r.dns_type,
                    "dns_value": r.dns_value,
                    "level": r.level,
                    "status": "not_found",
                }
                for r in generated
            }
        )

    def fullhelp_api_domain(self, name: str, account_id: int) -> FhDomain:
        """The domain as FullHelp returns it once created (records generated as the emulator's)."""
        generated = emulated.fullhelp_records(FH_DKIM_SELECTOR, self.fullhelp_dkim_key)
        return FhDomain.model_validate(
            {
                "id": int(FH_DOMAIN_ID),
                "account_id": account_id,
                "domain": name,
                "subdomain": None,
                "verified": False,
                "dns_records": [
                    {"label": r.label, "type": r.type, "hostname": r.hostname, "value": r.value}
                    for r in generated
                ],
                "created_at": CREATED_AT,
                "updated_at": CREATED_AT,
            }
        )

    def scaleway_records(self, domain: str, zone: str) -> list[DnsRecord]:
        """The records a Scaleway domain's outputs carry, shaped for ``zone``."""
        return scaleway_shape(self.scaleway_api_records(domain), zone)

    def fullhelp_records(self, domain: str, zone: str) -> list[DnsRecord]:
        """The records a FullHelp domain's outputs carry, shaped for ``zone``."""
        return fullhelp_shape(self.fullhelp_api_domain(domain, FH_ACCOUNT_ID), zone)


@dataclass
class Registration:
    """One resource as the program registered it."""

    type: str
    name: str
    inputs: dict[str, Any]
    urn: str = ""
    dependencies: list[str] = field(default_factory=list)


class MailDomainMocks(pulumi.runtime.Mocks):
    """Vendor-realistic state for the package's resources; inputs as state for the rest."""

    def __init__(self, vendor: VendorData) -> None:
        self.vendor = vendor
        self.registrations: dict[str, Registration] = {}
        self._ids = itertools.count(1)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        self.registrations[args.name] = Registration(args.typ, args.name, inputs)
        kind = args.typ.removeprefix(DYNAMIC)
        if kind == "scaleway:MailboxDomain":
            return SCW_DOMAIN_ID, self._mailbox_domain(inputs)
        if kind == "fullhelp:Domain":
            return FH_DOMAIN_ID, self._fullhelp_domain(inputs)
        if kind == "scaleway:MailboxDomainValidation":
            state = {**inputs, "status": "ready", "validated": True}
            return str(inputs["domain_id"]), {**state, "validated_at": "2026-01-01T00:00:00Z"}
        if kind == "fullhelp:DomainVerification":
            state = {**inputs, "verified": True, "unverified": []}
            return str(inputs["domain_id"]), {**state, "verified_at": "2026-01-01T00:00:00Z"}
        return f"{args.name}-id-{next(self._ids)}", inputs

    def _mailbox_domain(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """What MailboxDomain's create returns for these inputs (its own output function)."""
        project = inputs.get("project_id") or SCW_PROJECT_ID
        domain = self.vendor.scaleway_api_domain(inputs["name"], project)
        records = self.vendor.scaleway_api_records(inputs["name"])
        return {**inputs, **scaleway_outputs(domain, records, inputs)}

    def _fullhelp_domain(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """What Domain's create returns for these inputs (its own output function)."""
        account = inputs.get("account_id") or FH_ACCOUNT_ID
        domain = self.vendor.fullhelp_api_domain(inputs["domain"], account)
        return {**inputs, **fullhelp_outputs(domain, inputs)}


class RecordingMonitor(MockMonitor):
    """A mock monitor that also keeps each resource's URN and dependencies."""

    def __init__(self, mocks: MailDomainMocks) -> None:
        super().__init__(mocks)
        self.recording = mocks

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        registration = self.recording.registrations.get(request.name)
        if registration is not None:
            registration.urn = response.urn
            registration.dependencies = list(request.dependencies)
        return response


def load_example(example: str) -> ModuleType:
    """An example's ``__main__.py`` as a module (its ``main()`` not run)."""
    path = EXAMPLES / example / "__main__.py"
    spec = importlib.util.spec_from_file_location(f"example_{example.replace('-', '_')}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        # Some provider SDKs warn about their own deprecated resources when imported.
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    return module


def project_name(example: str) -> str:
    """The ``name`` of an example's Pulumi.yaml."""
    project = yaml.safe_load((EXAMPLES / example / "Pulumi.yaml").read_text())
    return str(project["name"])


def run_example(
    example: str, config: Mapping[str, str], vendor: VendorData
) -> dict[str, Registration]:
    """Run ``main()`` of an example under mocks; every registration by resource name."""
    module = load_example(example)
    project = project_name(example)
    mocks = MailDomainMocks(vendor)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=project, stack="test", preview=False, monitor=monitor)
    pulumi.runtime.set_all_config({f"{project}:{key}": value for key, value in config.items()})

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> None:
        module.main()

    program()
    return dict(mocks.registrations)


def of_type(registered: Mapping[str, Registration], type_: str) -> dict[str, Registration]:
    """The registrations of one resource type, by name."""
    return {name: r for name, r in registered.items() if r.type == type_}


def assert_verification_waits_for(
    registered: Mapping[str, Registration], dns_type: str, mailbox: int, helpdesk: int
) -> None:
    """Validation and verification depend on (so start after) exactly their domain's records."""
    urns = {name: r.urn for name, r in of_type(registered, dns_type).items()}
    mailbox_urns = {urn for name, urn in urns.items() if name.startswith("mailbox-")}
    helpdesk_urns = {urn for name, urn in urns.items() if name.startswith("helpdesk-")}
    assert (len(mailbox_urns), len(helpdesk_urns)) == (mailbox, helpdesk)
    validation = set(registered["mailbox-validation"].dependencies)
    verification = set(registered["helpdesk-verification"].dependencies)
    assert mailbox_urns <= validation and not helpdesk_urns & validation
    assert helpdesk_urns <= verification and not mailbox_urns & verification


def txt_strings(rdata: str) -> list[str]:
    """The character-strings of TXT RDATA in zone-file form, as a DNS server would parse it."""
    parsed = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, rdata)
    return [s.decode() for s in parsed.strings]  # type: ignore[attr-defined]


def chunks(text: str) -> list[str]:
    """``text`` (ASCII) in 255-byte pieces, written out independently of the package's code."""
    return [text[i : i + 255] for i in range(0, len(text), 255)]
