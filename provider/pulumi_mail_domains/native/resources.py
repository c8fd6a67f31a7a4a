"""The resources the native plugin serves: the core behaviours, each carrying its spec."""

from __future__ import annotations

from pulumi_mail_domains.core.behaviour import Behaviour
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.dns.record_set import RecordSetProvider
from pulumi_mail_domains.fullhelp.domain import DomainProvider
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationProvider
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainProvider
from pulumi_mail_domains.scaleway.mailbox_domain_validation import (
    MailboxDomainValidationProvider,
)

__all__ = ["BEHAVIOURS", "SPECS"]

BEHAVIOURS: tuple[type[Behaviour], ...] = (
    MailboxDomainProvider,
    MailboxDomainValidationProvider,
    DomainProvider,
    DomainVerificationProvider,
    RecordSetProvider,
)
"""Every resource, in the order the schema lists them."""

SPECS: tuple[ResourceSpec, ...] = tuple(behaviour.spec for behaviour in BEHAVIOURS)
