"""The base of both FullHelp behaviours: settings, the API client of the process, lookups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_mail_domains.core.behaviour import ConfigureRequest
from pulumi_mail_domains.core.clients import ClientOwner
from pulumi_mail_domains.core.engine_watch import watch_engine
from pulumi_mail_domains.core.errors import InvalidIdError
from pulumi_mail_domains.core.lookup import Located, NoMatchError, only_match
from pulumi_mail_domains.fullhelp.client import FullHelpClient, positive_id
from pulumi_mail_domains.fullhelp.errors import FULLHELP
from pulumi_mail_domains.fullhelp.settings import ACCOUNT_ID, FullHelpSettings

POLL_MIN_DELAY = 0.5
POLL_MAX_DELAY = 10.0


class FullHelpBehaviour(ClientOwner[FullHelpClient]):
    """Settings and the API client of a FullHelp provider, set up inside the provider process."""

    settings: FullHelpSettings

    serialize_as_secret_always = False
    """Nothing secret is captured in the (by-reference) pickle, so it need not be encrypted."""

    def configure(self, req: ConfigureRequest) -> None:
        """Read the settings in the provider process (never when the program pickles it)."""
        self.settings = FullHelpSettings.load(req.config)
        # A dynamic provider host has no other hook: it must not outlive its engine either.
        watch_engine()

    def account_hint(self) -> str:
        """Where a missing account id is set, as this front end's users spell it."""
        return f"set it on the resource, in {ACCOUNT_ID.where(self.settings.source)}"

    def locate_domain(self, account_id: int | None, name: str) -> Located | None:
        """The account's one domain called ``name``; None when the account's list lacks it."""
        matches = [
            Located(str(d.id), d.created_at) for d in self.client.domains_named(account_id, name)
        ]
        return only_match(matches, f"FullHelp domain {name} in account {account_id}")

    def import_ids(self, import_id: str) -> tuple[int, int]:
        """The account and domain ids that ``pulumi import`` names by ``DOMAIN_ID``, ``NAME``
        (in the configured account), ``ACCOUNT_ID/DOMAIN_ID`` or ``ACCOUNT_ID/NAME``."""
        account_text, _, domain_text = import_id.rpartition("/")
        account_text = account_text or self.settings.account_id or ""
        if not account_text:
            raise InvalidIdError(
                f"import id {import_id!r} names no account and none is configured: use "
                f"ACCOUNT_ID/{domain_text} or set the FullHelp account id",
                vendor=FULLHELP,
            )
        account = positive_id(account_text, "account id")
        if "." not in domain_text:
            return account, positive_id(domain_text, "domain id")
        located = self.locate_domain(account, domain_text)
        if located is None:
            raise NoMatchError(
                f"no domain named {domain_text} in account {account}", vendor=FULLHELP
            )
        return account, int(located.id)

    def _new_client(self) -> FullHelpClient:
        return FullHelpClient(
            self.settings.require_token(),
            base_url=self.settings.require_url(),
            requests_per_second=self.settings.requests_per_second,
        )


def account_of(props: Mapping[str, Any]) -> int | None:
    """The checked ``account_id`` as an int: the engine hands every number over as a float,
    and ``1.0`` must not end up in an API path as ``/accounts/1.0/``."""
    value = props.get("account_id")
    return None if value is None else int(value)
