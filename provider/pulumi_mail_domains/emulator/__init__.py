"""A local emulator of the Scaleway Mailbox v1alpha1 and FullHelp domain APIs.

Run it with ``mail-domains-emulator`` (or ``python -m pulumi_mail_domains.emulator``); it
needs the ``[emulator]`` extra. The provider itself never imports this package.
"""
