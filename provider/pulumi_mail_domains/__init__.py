"""Email domains as code: Scaleway Mailbox and FullHelp domains for Pulumi.

Resources live in the vendor subpackages (:mod:`pulumi_mail_domains.scaleway`,
:mod:`pulumi_mail_domains.fullhelp`) and :mod:`pulumi_mail_domains.dns`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pulumi-mail-domains")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
