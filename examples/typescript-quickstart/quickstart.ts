// The quickstart program: a Scaleway Mailbox domain at the zone apex and a FullHelp sending
// subdomain, each record the vendors ask for published as an RFC 2136 record set, and both
// verifications waiting until the vendors see the records. `index.ts` runs it with `pulumi up`;
// `deploy.ts` runs the same function through the Automation API.
import * as pulumi from "@pulumi/pulumi";
import * as maildomains from "@pulumi-mail-domains/mail-domains";
import type { DnsRecord } from "@pulumi-mail-domains/mail-domains/types/output";

type Records = pulumi.Output<{ [key: string]: DnsRecord }>;

/** Everything a record set needs besides its records: where to send the UPDATEs. */
interface DnsTarget {
    server: string;
    tsigKeyName: string;
}

/** One record set holding the values of `keys`, records of one name and type. */
function recordSet(
    name: string, target: DnsTarget, records: Records, keys: string[], type: string,
): maildomains.dns.RecordSet {
    const first = records.apply((r) => r[keys[0]]);
    return new maildomains.dns.RecordSet(name, {
        ...target,
        zone: first.zone,
        name: first.name,
        type,
        ttl: first.ttl,
        values: records.apply((r) => keys.map((key) => r[key].content)),
    });
}

export function quickstart(): Record<string, pulumi.Output<unknown>> {
    const config = new pulumi.Config();
    const zone = config.get("zone") ?? "quickstart.test";
    const target: DnsTarget = {
        server: config.get("dnsServer") ?? "127.0.0.1:53",
        tsigKeyName: config.get("tsigKeyName") ?? "mail-domains.",
    };

    // --- Scaleway Mailbox: the zone apex ---------------------------------------------------
    const mailbox = new maildomains.scaleway.MailboxDomain("mailbox", { name: zone });
    const mailboxRecordSets = [
        // Scaleway's domain_validation and spf records are both TXT at the apex: one record set.
        recordSet("mailbox-apex-txt", target, mailbox.records, ["domain_validation", "spf"], "TXT"),
        recordSet("mailbox-dkim", target, mailbox.records, ["dkim"], "TXT"),
        recordSet("mailbox-dmarc", target, mailbox.records, ["dmarc"], "TXT"),
        recordSet("mailbox-mx", target, mailbox.records, ["mx"], "MX"),
    ];
    const validation = new maildomains.scaleway.MailboxDomainValidation(
        "mailbox-validation",
        { domainId: mailbox.id, timeoutSeconds: 120 },
        { dependsOn: mailboxRecordSets },
    );

    // --- FullHelp: a sending subdomain in the same zone ------------------------------------
    const helpdesk = new maildomains.fullhelp.Domain("helpdesk", { domain: `support.${zone}`, zone });
    const helpdeskRecordSets = [
        recordSet("helpdesk-dkim", target, helpdesk.records, ["dkim"], "TXT"),
        recordSet("helpdesk-spf", target, helpdesk.records, ["spf"], "TXT"),
        recordSet("helpdesk-return-path", target, helpdesk.records, ["return_path"], "CNAME"),
    ];
    const verification = new maildomains.fullhelp.DomainVerification(
        "helpdesk-verification",
        { domainId: helpdesk.id, timeoutSeconds: 120 },
        { dependsOn: helpdeskRecordSets },
    );

    return {
        mailboxDomain: mailbox.name,
        mailboxId: mailbox.id,
        mailboxValidated: validation.validated,
        mailboxDkim: mailbox.records.apply((r) => r["dkim"].content),
        helpdeskDomain: helpdesk.domain,
        helpdeskId: helpdesk.id,
        helpdeskAccountId: helpdesk.accountId,
        helpdeskVerified: verification.verified,
        zoneFile: mailbox.zoneFile,
    };
}
