"""Scaleway Mailbox (v1alpha1): domains and their validation as Pulumi resources."""

from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomain
from pulumi_mail_domains.scaleway.mailbox_domain_validation import MailboxDomainValidation

__all__ = ["MailboxDomain", "MailboxDomainValidation"]
