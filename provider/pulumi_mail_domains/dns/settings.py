"""The settings of DNS record sets, read when the provider runs."""

from __future__ import annotations

from pulumi_mail_domains.core.settings import Setting

TSIG_SECRET = Setting(
    "dns:tsigSecret",
    "DNS_TSIG_SECRET",
    "dns_tsig_secret",
    "Base64 TSIG secret that signs the DNS UPDATEs of `dns.RecordSet`.",
    secret=True,
)
TSIG_KEY_NAME = Setting(
    "dns:tsigKeyName",
    "DNS_TSIG_KEY_NAME",
    "dns_tsig_key_name",
    "TSIG key name given to a `dns.RecordSet` brought in by `pulumi import` (its id does not"
    " name the key).",
)
SETTINGS = (TSIG_SECRET, TSIG_KEY_NAME)
"""Every DNS setting, in the order the schema lists them."""
