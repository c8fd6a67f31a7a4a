"""The native Pulumi provider plugin ``pulumi-resource-mail-domains``: the same resources as
the dynamic classes, for every Pulumi language (YAML, TypeScript, Go...) and ``pulumi import``."""
