"""FullHelp help-desk sending domains and their DNS verification as Pulumi resources."""

from pulumi_mail_domains.fullhelp.domain import Domain
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerification

__all__ = ["Domain", "DomainVerification"]
