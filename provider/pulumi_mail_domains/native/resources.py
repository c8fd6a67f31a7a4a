"""The resources the native plugin serves (the core behaviours, each carrying its spec), and its
functions."""

from __future__ import annotations

from pulumi_mail_domains.core.behaviour import Behaviour
from pulumi_mail_domains.core.function_spec import FunctionSpec
from pulumi_mail_domains.core.record_views import record_views_function
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.dns.record_set import RecordSetBehaviour
from pulumi_mail_domains.dns.sender_function import MERGE_SENDER_POLICIES
from pulumi_mail_domains.fullhelp.domain import DomainBehaviour
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain_validation import (
    MailboxDomainValidationBehaviour,
)

__all__ = ["BEHAVIOURS", "FUNCTIONS", "RECORD_VIEWS_FUNCTION", "SPECS"]

BEHAVIOURS: tuple[type[Behaviour], ...] = (
    MailboxDomainBehaviour,
    MailboxDomainValidationBehaviour,
    DomainBehaviour,
    DomainVerificationBehaviour,
    RecordSetBehaviour,
)
"""Every resource, in the order the schema lists them."""

SPECS: tuple[ResourceSpec, ...] = tuple(behaviour.spec for behaviour in BEHAVIOURS)

RECORD_VIEWS_FUNCTION = record_views_function(
    {ref: line for spec in SPECS for ref, line in spec.known_records.items()}
)
"""``mail-domains:index:recordViews``, reading every vendor's references to known records."""

FUNCTIONS: tuple[FunctionSpec, ...] = (MERGE_SENDER_POLICIES, RECORD_VIEWS_FUNCTION)
"""Every provider function, in the order the schema lists them."""
