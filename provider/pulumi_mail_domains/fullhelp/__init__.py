"""FullHelp help-desk sending domains and their DNS verification as Pulumi resources.

``Domain`` and ``DomainVerification`` are the dynamic resources of Python programs (the native
plugin serves the same behaviours as ``mail-domains:fullhelp:*``). ``RECORD_SETS`` says which
record keys share a DNS record set.
"""

from pulumi_mail_domains.dynamic.fullhelp import Domain, DomainVerification
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS

__all__ = ["RECORD_SETS", "Domain", "DomainVerification"]
