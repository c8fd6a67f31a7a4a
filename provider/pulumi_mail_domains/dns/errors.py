"""What goes wrong with a record set: one error class in the package's hierarchy."""

from __future__ import annotations

from pulumi_mail_domains.core.errors import MailDomainsError

__all__ = ["RecordSetError"]


class RecordSetError(MailDomainsError):
    """A DNS server refused or failed an operation on a record set, or its inputs are invalid."""
