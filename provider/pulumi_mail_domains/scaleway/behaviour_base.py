"""The base of both Scaleway behaviours: settings, the API client of the process, lookups."""

from __future__ import annotations

from pulumi_mail_domains.core.behaviour import ConfigureRequest
from pulumi_mail_domains.core.clients import ClientOwner
from pulumi_mail_domains.core.engine_watch import watch_engine
from pulumi_mail_domains.core.errors import InvalidIdError
from pulumi_mail_domains.core.lookup import Located, NoMatchError, only_match
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient, canonical_uuid
from pulumi_mail_domains.scaleway.errors import SCALEWAY
from pulumi_mail_domains.scaleway.settings import ScalewaySettings

# Polling of the domain status by the resources: quick at first, at most every 10 s.
POLL_MIN_DELAY = 0.5
POLL_MAX_DELAY = 10.0
CREATE_TIMEOUT_SECONDS = 300.0
DELETE_TIMEOUT_SECONDS = 300.0


class ScalewayBehaviour(ClientOwner[ScalewayMailboxClient]):
    """Settings and the API client of a Scaleway provider, set up inside the provider process."""

    settings: ScalewaySettings

    serialize_as_secret_always = False
    """Nothing secret is captured in the (by-reference) pickle, so it need not be encrypted."""

    def configure(self, req: ConfigureRequest) -> None:
        """Read the settings in the provider process (never when the program pickles it)."""
        self.settings = ScalewaySettings.load(req.config)
        # A dynamic provider host has no other hook: it must not outlive its engine either.
        watch_engine()

    def locate_domain(self, name: str, project_id: str | None) -> Located | None:
        """The project's one domain called ``name``; None when the project's list lacks it."""
        matches = [Located(d.id, d.created_at) for d in self.client.domains_named(name, project_id)]
        return only_match(matches, f"Scaleway domain {name} in project {project_id}")

    def domain_id_for_import(self, import_id: str) -> str:
        """The domain UUID that ``pulumi import`` names by ``UUID``, ``NAME`` (in the configured
        project) or ``PROJECT_ID/NAME``."""
        try:
            return canonical_uuid(import_id, "domain id")
        except InvalidIdError:
            pass
        project_text, _, name = import_id.rpartition("/")
        if "." not in name:
            raise InvalidIdError(
                f"invalid import id {import_id!r}: expected a domain UUID, a domain name or "
                "PROJECT_ID/NAME",
                vendor=SCALEWAY,
            )
        project = canonical_uuid(project_text, "project id") if project_text else None
        located = self.locate_domain(name, project or self.settings.project_id)
        if located is None:
            raise NoMatchError(
                f"no domain named {name} in project {project or self.settings.project_id}",
                vendor=SCALEWAY,
            )
        return located.id

    def _new_client(self) -> ScalewayMailboxClient:
        return ScalewayMailboxClient(
            self.settings.require_secret_key(),
            api_url=self.settings.api_url,
            default_project_id=self.settings.project_id,
            requests_per_second=self.settings.requests_per_second,
        )
