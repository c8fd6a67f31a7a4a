"""Front end 1: the resources as Pulumi dynamic resources for Python programs.

The public classes are importable from their vendor packages (``pulumi_mail_domains.scaleway.
MailboxDomain``...); the behaviours they are served by live beside their vendor's client.
"""
