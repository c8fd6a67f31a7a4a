// Package quickstart is the Go quickstart's program: a Scaleway Mailbox domain at the zone apex
// and a FullHelp sending subdomain, each record the vendors ask for published as an RFC 2136
// record set, and both verifications waiting until the vendors see the records.
package quickstart

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-mail-domains/pulumi-mail-domains/sdk/go/maildomains"
	"github.com/pulumi-mail-domains/pulumi-mail-domains/sdk/go/maildomains/dns"
	"github.com/pulumi-mail-domains/pulumi-mail-domains/sdk/go/maildomains/fullhelp"
	"github.com/pulumi-mail-domains/pulumi-mail-domains/sdk/go/maildomains/scaleway"
)

// dnsTarget is where the record sets send their UPDATEs.
type dnsTarget struct {
	server      string
	tsigKeyName string
}

// recordSet publishes the values of keys, records of one name and type, as one record set.
func recordSet(ctx *pulumi.Context, name string, target dnsTarget,
	records maildomains.DnsRecordMapOutput, keys []string, recordType string,
) (pulumi.Resource, error) {
	first := records.MapIndex(pulumi.String(keys[0]))
	values := pulumi.StringArray{}
	for _, key := range keys {
		values = append(values, records.MapIndex(pulumi.String(key)).Content())
	}
	return dns.NewRecordSet(ctx, name, &dns.RecordSetArgs{
		Server:      pulumi.String(target.server),
		TsigKeyName: pulumi.String(target.tsigKeyName),
		Zone:        first.Zone(),
		Name:        first.Name(),
		Type:        pulumi.String(recordType),
		Ttl:         first.Ttl(),
		Values:      values,
	})
}

// recordSets creates one record set per entry of sets (name -> record keys) of the given types.
func recordSets(ctx *pulumi.Context, target dnsTarget, records maildomains.DnsRecordMapOutput,
	sets []recordSetSpec,
) ([]pulumi.Resource, error) {
	created := []pulumi.Resource{}
	for _, set := range sets {
		resource, err := recordSet(ctx, set.name, target, records, set.keys, set.recordType)
		if err != nil {
			return nil, err
		}
		created = append(created, resource)
	}
	return created, nil
}

type recordSetSpec struct {
	name       string
	keys       []string
	recordType string
}

func getOr(cfg *config.Config, key, fallback string) string {
	if value := cfg.Get(key); value != "" {
		return value
	}
	return fallback
}

// Program declares the quickstart's resources and exports its outputs.
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	zone := getOr(cfg, "zone", "quickstart.test")
	target := dnsTarget{
		server:      getOr(cfg, "dnsServer", "127.0.0.1:53"),
		tsigKeyName: getOr(cfg, "tsigKeyName", "mail-domains."),
	}

	// --- Scaleway Mailbox: the zone apex ----------------------------------------------------
	mailbox, err := scaleway.NewMailboxDomain(ctx, "mailbox", &scaleway.MailboxDomainArgs{
		Name: pulumi.String(zone),
	})
	if err != nil {
		return err
	}
	mailboxSets, err := recordSets(ctx, target, mailbox.Records, []recordSetSpec{
		// Scaleway's domain_validation and spf records are both TXT at the apex: one record set.
		{"mailbox-apex-txt", []string{"domain_validation", "spf"}, "TXT"},
		{"mailbox-dkim", []string{"dkim"}, "TXT"},
		{"mailbox-dmarc", []string{"dmarc"}, "TXT"},
		{"mailbox-mx", []string{"mx"}, "MX"},
	})
	if err != nil {
		return err
	}
	validation, err := scaleway.NewMailboxDomainValidation(ctx, "mailbox-validation",
		&scaleway.MailboxDomainValidationArgs{DomainId: mailbox.ID(), TimeoutSeconds: pulumi.Float64(120)},
		pulumi.DependsOn(mailboxSets))
	if err != nil {
		return err
	}

	// --- FullHelp: a sending subdomain in the same zone -------------------------------------
	helpdesk, err := fullhelp.NewDomain(ctx, "helpdesk", &fullhelp.DomainArgs{
		Domain: pulumi.String("support." + zone),
		Zone:   pulumi.String(zone),
	})
	if err != nil {
		return err
	}
	helpdeskSets, err := recordSets(ctx, target, helpdesk.Records, []recordSetSpec{
		{"helpdesk-dkim", []string{"dkim"}, "TXT"},
		{"helpdesk-spf", []string{"spf"}, "TXT"},
		{"helpdesk-return-path", []string{"return_path"}, "CNAME"},
	})
	if err != nil {
		return err
	}
	verification, err := fullhelp.NewDomainVerification(ctx, "helpdesk-verification",
		&fullhelp.DomainVerificationArgs{DomainId: helpdesk.ID(), TimeoutSeconds: pulumi.Float64(120)},
		pulumi.DependsOn(helpdeskSets))
	if err != nil {
		return err
	}

	ctx.Export("mailboxDomain", mailbox.Name)
	ctx.Export("mailboxId", mailbox.ID())
	ctx.Export("mailboxValidated", validation.Validated)
	ctx.Export("mailboxDkim", mailbox.Records.MapIndex(pulumi.String("dkim")).Content())
	ctx.Export("helpdeskDomain", helpdesk.Domain)
	ctx.Export("helpdeskId", helpdesk.ID())
	ctx.Export("helpdeskAccountId", helpdesk.AccountId)
	ctx.Export("helpdeskVerified", verification.Verified)
	ctx.Export("zoneFile", mailbox.ZoneFile)
	return nil
}
