// Scaleway Mailbox and FullHelp email domains as code: the DNS records each vendor asks for as outputs, bounded verification, and RFC 2136 DNS record sets.
package maildomains
