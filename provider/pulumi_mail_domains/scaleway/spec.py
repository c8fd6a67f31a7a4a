"""What the Scaleway resources are: their properties, documented once for both front ends."""

from __future__ import annotations

from pulumi_mail_domains.core.spec import (
    VENDOR_TIMESTAMPS,
    ArrayOf,
    Property,
    ResourceSpec,
    record_outputs,
)
from pulumi_mail_domains.scaleway.records import KNOWN_RECORDS

_ZONE = (
    "DNS zone the records will live in (default: `name`); record `name` fields are relative to"
    " it. Changing it makes no API call."
)

MAILBOX_DOMAIN = ResourceSpec(
    module="scaleway",
    name="MailboxDomain",
    description=(
        "A Scaleway Mailbox domain, with the DNS records it needs as outputs.\n\n"
        "The resource id is the Scaleway domain UUID. `records[key]` (`dkim`, `spf`, `mx`,"
        " `dmarc`, `domain_validation`, `autoconfig`, `autodiscover`, `imap`, `pop3`,"
        " `submission`, `caldav`, `carddav`) can be used at program time to declare DNS records."
    ),
    import_id="the Scaleway domain UUID",
    properties=(
        Property(
            "name",
            "string",
            "Fully qualified domain name; Unicode names are stored as A-labels. Changing it"
            " replaces the domain.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "project_id",
            "string",
            "Scaleway project UUID; defaults to the provider's Scaleway project"
            " (`SCW_DEFAULT_PROJECT_ID`). Changing it replaces the domain.",
            input=True,
            replace_on_change=True,
        ),
        Property("zone", "string", _ZONE, input=True),
        Property(
            "adopt_existing",
            "boolean",
            "Take over a domain of this name that already exists instead of failing.",
            input=True,
            default=False,
        ),
        Property(
            "force_destroy",
            "boolean",
            "Delete the domain even if it still has mailboxes: they are deleted first, with"
            " their mail.",
            input=True,
            default=False,
        ),
        Property(
            "status",
            "string",
            "Domain status as reported by the API (e.g. `waiting_validation`, `ready`).",
            required=True,
        ),
        Property(
            "mailbox_total_count", "integer", "How many mailboxes the domain has.", required=True
        ),
        Property(
            "webmail_url", "string", "The webmail address of the domain's mailboxes.", required=True
        ),
        Property("imap_url", "string", "The IMAP server of the domain's mailboxes.", required=True),
        Property("pop3_url", "string", "The POP3 server of the domain's mailboxes.", required=True),
        Property(
            "smtp_url",
            "string",
            "The SMTP submission server of the domain's mailboxes.",
            required=True,
        ),
        *VENDOR_TIMESTAMPS,
        *record_outputs("required first, then by key"),
    ),
    known_records=KNOWN_RECORDS,
)

MAILBOX_DOMAIN_VALIDATION = ResourceSpec(
    module="scaleway",
    name="MailboxDomainValidation",
    description=(
        "Waits until a Mailbox domain is validated (status `ready`), failing after a timeout.\n\n"
        "Declare it after (`dependsOn`) the DNS records of the domain so validation starts once"
        " they are published. A refresh that finds the domain no longer ready makes the next"
        " `up` validate again."
    ),
    import_id="the UUID of the Scaleway domain it validates",
    properties=(
        Property(
            "domain_id",
            "string",
            "The id of the `scaleway.MailboxDomain` to validate.",
            input=True,
            required=True,
            replace_on_change=True,
        ),
        Property(
            "timeout_seconds",
            "number",
            "How long to wait for `ready` before failing, in seconds.",
            input=True,
            default=600,
        ),
        Property(
            "triggers",
            ArrayOf("any"),
            "Any values; a change re-runs the validation (e.g. record contents).",
            input=True,
            replace_on_change=True,
        ),
        Property("status", "string", "The domain status last seen.", required=True),
        Property("validated", "boolean", "Whether the domain is ready.", required=True),
        Property("validated_at", "string", "When validation succeeded (UTC, RFC 3339)."),
    ),
)
