"""What the FullHelp resources are: their properties, documented once for both front ends."""

from __future__ import annotations

from pulumi_mail_domains.core.spec import (
    VENDOR_TIMESTAMPS,
    ArrayOf,
    Property,
    ResourceSpec,
    record_outputs,
)

_ACCOUNT = (
    "FullHelp account id; defaults to the provider's FullHelp account (`FULLHELP_ACCOUNT_ID`)."
)

DOMAIN = ResourceSpec(
    module="fullhelp",
    name="Domain",
    description=(
        "A FullHelp sending domain, with the DNS records it needs as outputs.\n\n"
        "The resource id is the FullHelp domain id (as a string). Renaming (`domain`) updates the"
        ' domain in place: same id, new records. `records["dkim"]`, `records["spf"]` and'
        ' `records["return_path"]` can be used at program time to declare DNS records.'
    ),
    import_id="`DOMAIN_ID` (in the provider's account) or `ACCOUNT_ID/DOMAIN_ID`",
    properties=(
        Property(
            "domain",
            "string",
            "Fully qualified domain name; changing it renames the domain in place.",
            input=True,
            required=True,
        ),
        Property(
            "account_id",
            "integer",
            _ACCOUNT + " Changing it replaces the domain.",
            input=True,
            replace_on_change=True,
        ),
        Property(
            "zone",
            "string",
            "DNS zone the records will live in (default: `domain`); record `name` fields are"
            " relative to it. Changing it makes no API call.",
            input=True,
        ),
        Property(
            "adopt_existing",
            "boolean",
            "Take over a domain of this name that already exists instead of failing.",
            input=True,
            default=False,
        ),
        Property(
            "subdomain", "string", "The sending subdomain FullHelp reports for the domain, if any."
        ),
        Property(
            "verified",
            "boolean",
            "True when at least one record is verified (the API's definition).",
            required=True,
        ),
        *record_outputs("ordered by key"),
        *VENDOR_TIMESTAMPS,
    ),
)

DOMAIN_VERIFICATION = ResourceSpec(
    module="fullhelp",
    name="DomainVerification",
    description=(
        "Waits until a FullHelp domain's DNS records verify, failing after a timeout.\n\n"
        "Declare it after (`dependsOn`) the DNS records of the domain. A refresh that finds the"
        " records no longer verified makes the next `up` verify again."
    ),
    import_id="`DOMAIN_ID` or `ACCOUNT_ID/DOMAIN_ID` of the domain it verifies",
    properties=(
        Property(
            "domain_id",
            "integer",
            "The id of the `fullhelp.Domain` to verify (its `id`, a string, is accepted too).",
            input=True,
            required=True,
            replace_on_change=True,
            alternatives=("string",),
        ),
        Property("account_id", "integer", _ACCOUNT, input=True, replace_on_change=True),
        Property(
            "timeout_seconds",
            "number",
            "How long to wait before failing, in seconds.",
            input=True,
            default=600,
        ),
        Property(
            "require_all_records",
            "boolean",
            "Wait for every record (`true`) or for at least one (`false`).",
            input=True,
            default=True,
            replace_on_change=True,
        ),
        Property(
            "triggers",
            ArrayOf("any"),
            "Any values; a change re-runs the verification.",
            input=True,
            replace_on_change=True,
        ),
        Property(
            "verified",
            "boolean",
            "Whether the records are verified (all of them, or one with"
            " `requireAllRecords: false`).",
            required=True,
        ),
        Property("verified_at", "string", "When verification succeeded (UTC, RFC 3339)."),
        Property(
            "unverified", ArrayOf("string"), "Keys of the records still failing.", required=True
        ),
    ),
)
