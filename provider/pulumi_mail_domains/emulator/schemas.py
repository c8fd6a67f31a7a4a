"""Pydantic models of the emulated request and response bodies.

They document both APIs in the emulator's ``/openapi.json`` and shape its responses.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pulumi_mail_domains.emulator.names import UUID_PATTERN

# -- Scaleway Mailbox v1alpha1 ------------------------------------------------------------

DomainStatus = Literal[
    "unknown_status",
    "creating",
    "waiting_validation",
    "validating",
    "validation_failed",
    "provisioning",
    "ready",
    "deleting",
]
ListDomainsOrderBy = Literal[
    "created_at_desc",
    "created_at_asc",
    "updated_at_desc",
    "updated_at_asc",
    "name_desc",
    "name_asc",
    "mailbox_total_count_desc",
    "mailbox_total_count_asc",
]
MailboxStatus = Literal[
    "unknown_status",
    "creating",
    "waiting_payment",
    "waiting_domain",
    "ready",
    "deletion_scheduled",
    "locked",
    "renewing",
    "deleting",
    "restoring",
    "payment_failed",
]
ListMailboxesOrderBy = Literal[
    "created_at_desc",
    "created_at_asc",
    "updated_at_desc",
    "updated_at_asc",
    "email_desc",
    "email_asc",
]
SubscriptionPeriod = Literal["unknown_subscription_period", "canceled", "monthly", "yearly"]
RecordStatus = Literal["unknown_status", "validating", "valid", "invalid", "not_found"]
RecordLevel = Literal["unknown_level", "required", "recommended", "optional"]
RecordDnsType = Literal[
    "unknown_dns_type", "cname_dns_type", "mx_dns_type", "srv_dns_type", "txt_dns_type"
]


class ScwCreateDomainRequest(BaseModel):
    """Body of CreateDomain."""

    project_id: str = Field(pattern=UUID_PATTERN, json_schema_extra={"format": "uuid"})
    name: str = Field(min_length=1, max_length=253, description="Fully qualified domain name.")


class ScwDomain(BaseModel):
    """A Mailbox domain."""

    id: str
    project_id: str
    organization_id: str = ""
    name: str
    status: DomainStatus
    mailbox_total_count: int
    webmail_url: str
    imap_url: str
    pop3_url: str
    smtp_url: str
    created_at: str | None
    updated_at: str | None


class ScwListDomainsResponse(BaseModel):
    total_count: int
    domains: list[ScwDomain]


class ScwMailbox(BaseModel):
    """A mailbox of a domain; ``deletion_scheduled_at`` is set once a DELETE scheduled it."""

    id: str
    project_id: str
    organization_id: str = ""
    domain_id: str
    email: str
    status: MailboxStatus
    subscription_period: SubscriptionPeriod
    next_subscription_period: SubscriptionPeriod
    subscription_period_started_at: str | None
    next_subscription_period_starts_at: str | None
    created_at: str | None
    updated_at: str | None
    deletion_scheduled_at: str | None


class ScwListMailboxesResponse(BaseModel):
    total_count: int
    mailboxes: list[ScwMailbox]


class ScwDomainRecord(BaseModel):
    """One DNS record to publish; ``error`` only when the last check failed."""

    id: str
    domain_id: str
    status: RecordStatus
    level: RecordLevel
    dns_type: RecordDnsType
    dns_name: str
    dns_value: str
    error: str | None = None
    created_at: str | None
    updated_at: str | None


class ScwGetDomainRecordsResponse(BaseModel):
    """Records by key; empty while the domain is ``creating``."""

    autoconfig: ScwDomainRecord | None = None
    autodiscover: ScwDomainRecord | None = None
    caldav: ScwDomainRecord | None = None
    carddav: ScwDomainRecord | None = None
    dkim: ScwDomainRecord | None = None
    dmarc: ScwDomainRecord | None = None
    domain_validation: ScwDomainRecord | None = None
    imap: ScwDomainRecord | None = None
    mx: ScwDomainRecord | None = None
    pop3: ScwDomainRecord | None = None
    spf: ScwDomainRecord | None = None
    submission: ScwDomainRecord | None = None


class ScwError(BaseModel):
    """Scaleway error: ``type`` and ``message`` plus type-specific fields."""

    model_config = ConfigDict(extra="allow")

    type: str
    message: str


# -- FullHelp -----------------------------------------------------------------------------


class FhDomainInput(BaseModel):
    """Body of create and update (form-urlencoded or JSON)."""

    domain: str = Field(description="The domain name.")


class FhDnsRecord(BaseModel):
    label: str
    type: str
    hostname: str
    value: str
    verified: bool


class FhDomain(BaseModel):
    """A sending domain of a help desk account."""

    id: int
    account_id: int
    domain: str
    subdomain: str | None
    verified: bool
    dns_records: list[FhDnsRecord]
    created_at: str
    updated_at: str


class FhDomainEnvelope(BaseModel):
    data: FhDomain


class FhLinks(BaseModel):
    first: str
    last: str
    prev: str | None
    next: str | None


class FhMeta(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    current_page: int
    from_: int | None = Field(alias="from")
    last_page: int
    path: str
    per_page: int
    to: int | None
    total: int


class FhDomainPage(BaseModel):
    """A Laravel-style page of domains."""

    data: list[FhDomain]
    links: FhLinks
    meta: FhMeta


class FhError(BaseModel):
    """FullHelp error; ``errors`` maps fields to messages on 422."""

    message: str
    errors: dict[str, list[str]] | None = None
