"""Scaleway Mailbox (v1alpha1): domains and their validation as Pulumi resources.

``MailboxDomain`` and ``MailboxDomainValidation`` are the dynamic resources of Python programs
(the native plugin serves the same behaviours as ``mail-domains:scaleway:*``). ``RECORD_SETS``
says which record keys share a DNS record set.
"""

from pulumi_mail_domains.dynamic.scaleway import MailboxDomain, MailboxDomainValidation
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS

__all__ = ["RECORD_SETS", "MailboxDomain", "MailboxDomainValidation"]
