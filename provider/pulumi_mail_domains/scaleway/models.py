"""Pydantic models of the Scaleway Mailbox API v1alpha1 (domains, and mailboxes as listed).

Vendors add fields and enum values without notice, so the models are tolerant: unknown fields are
kept (``model_extra``), and every enum-like field is plain text. The enums below list the values
known today; they are ``str`` subclasses, so ``domain.status == DomainStatus.READY`` works while a
status this package has never heard of still parses.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from pulumi_mail_domains.core.models import ApiModel

__all__ = [
    "TRANSIENT_DOMAIN_STATUSES",
    "DnsType",
    "Domain",
    "DomainRecord",
    "DomainRecords",
    "DomainStatus",
    "ListDomainsOrderBy",
    "ListDomainsResponse",
    "ListMailboxesOrderBy",
    "ListMailboxesResponse",
    "Mailbox",
    "MailboxStatus",
    "RecordLevel",
    "RecordStatus",
]


class _TextEnum(str, Enum):
    """A known API value; ``str()`` and f-strings give the wire value on every Python version."""

    def __str__(self) -> str:
        return str(self.value)


class DomainStatus(_TextEnum):
    """Known values of ``Domain.status``."""

    UNKNOWN_STATUS = "unknown_status"
    CREATING = "creating"
    WAITING_VALIDATION = "waiting_validation"
    VALIDATING = "validating"
    VALIDATION_FAILED = "validation_failed"
    PROVISIONING = "provisioning"
    READY = "ready"
    DELETING = "deleting"


TRANSIENT_DOMAIN_STATUSES: frozenset[str] = frozenset(
    {
        DomainStatus.CREATING.value,
        DomainStatus.VALIDATING.value,
        DomainStatus.PROVISIONING.value,
        DomainStatus.DELETING.value,
    }
)
"""Statuses a waiter keeps polling through (as the official SDKs do); all others are terminal."""


class RecordStatus(_TextEnum):
    """Known values of ``DomainRecord.status``."""

    UNKNOWN_STATUS = "unknown_status"
    VALIDATING = "validating"
    VALID = "valid"
    INVALID = "invalid"
    NOT_FOUND = "not_found"


class RecordLevel(_TextEnum):
    """Known values of ``DomainRecord.level``."""

    UNKNOWN_LEVEL = "unknown_level"
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    OPTIONAL = "optional"


class DnsType(_TextEnum):
    """Known values of ``DomainRecord.dns_type``."""

    UNKNOWN_DNS_TYPE = "unknown_dns_type"
    CNAME = "cname_dns_type"
    MX = "mx_dns_type"
    SRV = "srv_dns_type"
    TXT = "txt_dns_type"


class ListDomainsOrderBy(_TextEnum):
    """Sort orders of ListDomains (the API default is ``created_at_desc``)."""

    CREATED_AT_DESC = "created_at_desc"
    CREATED_AT_ASC = "created_at_asc"
    UPDATED_AT_DESC = "updated_at_desc"
    UPDATED_AT_ASC = "updated_at_asc"
    NAME_DESC = "name_desc"
    NAME_ASC = "name_asc"
    MAILBOX_TOTAL_COUNT_DESC = "mailbox_total_count_desc"
    MAILBOX_TOTAL_COUNT_ASC = "mailbox_total_count_asc"


class MailboxStatus(_TextEnum):
    """Known values of ``Mailbox.status``."""

    UNKNOWN_STATUS = "unknown_status"
    CREATING = "creating"
    WAITING_PAYMENT = "waiting_payment"
    WAITING_DOMAIN = "waiting_domain"
    READY = "ready"
    DELETION_SCHEDULED = "deletion_scheduled"
    LOCKED = "locked"
    RENEWING = "renewing"
    DELETING = "deleting"
    RESTORING = "restoring"
    PAYMENT_FAILED = "payment_failed"


class ListMailboxesOrderBy(_TextEnum):
    """Sort orders of ListMailboxes (the API default is ``created_at_desc``)."""

    CREATED_AT_DESC = "created_at_desc"
    CREATED_AT_ASC = "created_at_asc"
    UPDATED_AT_DESC = "updated_at_desc"
    UPDATED_AT_ASC = "updated_at_asc"
    EMAIL_DESC = "email_desc"
    EMAIL_ASC = "email_asc"


class Domain(ApiModel):
    """A Mailbox domain. Timestamps are the API's RFC 3339 text, unchanged."""

    id: str
    project_id: str = ""
    name: str
    status: str = DomainStatus.UNKNOWN_STATUS.value
    mailbox_total_count: int = 0
    webmail_url: str | None = None
    imap_url: str | None = None
    pop3_url: str | None = None
    smtp_url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def is_transient(self) -> bool:
        """Whether the status is one the API moves on from by itself."""
        return self.status in TRANSIENT_DOMAIN_STATUSES


class DomainRecord(ApiModel):
    """One DNS record the domain needs. ``dns_value`` embeds priority/weight/port/target."""

    id: str | None = None
    domain_id: str | None = None
    status: str = RecordStatus.UNKNOWN_STATUS.value
    level: str = RecordLevel.UNKNOWN_LEVEL.value
    dns_type: str = DnsType.UNKNOWN_DNS_TYPE.value
    dns_name: str = ""
    dns_value: str = ""
    error: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class DomainRecords(ApiModel):
    """GetDomainRecords: each key is optional (records appear once the domain leaves creating)."""

    autoconfig: DomainRecord | None = None
    autodiscover: DomainRecord | None = None
    caldav: DomainRecord | None = None
    carddav: DomainRecord | None = None
    dkim: DomainRecord | None = None
    dmarc: DomainRecord | None = None
    domain_validation: DomainRecord | None = None
    imap: DomainRecord | None = None
    mx: DomainRecord | None = None
    pop3: DomainRecord | None = None
    spf: DomainRecord | None = None
    submission: DomainRecord | None = None

    def by_key(self) -> dict[str, DomainRecord]:
        """Every record present, by API key, including keys this package does not know yet."""
        records = {
            key: value
            for key in type(self).model_fields
            if isinstance(value := getattr(self, key), DomainRecord)
        }
        for key, raw in (self.model_extra or {}).items():
            if isinstance(raw, dict) and "dns_value" in raw:
                records[key] = DomainRecord.model_validate(raw)
        return records


class ListDomainsResponse(ApiModel):
    """One page of ListDomains; ``total_count`` counts all matches, not just this page."""

    total_count: int = 0
    domains: list[Domain] = Field(default_factory=list)


class Mailbox(ApiModel):
    """A mailbox of a domain. Subscription fields (``subscription_period``...) stay in
    ``model_extra``; ``deletion_scheduled_at`` is set once a DELETE scheduled the deletion."""

    id: str
    domain_id: str = ""
    project_id: str = ""
    email: str = ""
    status: str = MailboxStatus.UNKNOWN_STATUS.value
    created_at: str | None = None
    updated_at: str | None = None
    deletion_scheduled_at: str | None = None


class ListMailboxesResponse(ApiModel):
    """One page of ListMailboxes; ``total_count`` counts all matches, not just this page."""

    total_count: int = 0
    mailboxes: list[Mailbox] = Field(default_factory=list)
