// Placeholder that marks this directory as a module root. Build with
// -modfile=../pulumi-cli/go.mod so the Pulumi version is the one the CLI pins.
module github.com/pulumi-mail-domains/tools/schema-check

go 1.25.11
