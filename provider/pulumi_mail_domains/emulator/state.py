"""The emulator's configuration and the state every request handler shares."""

from __future__ import annotations

import dataclasses
import datetime
import json
import secrets
import time
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from pulumi_mail_domains.emulator.faults import FaultKnobs, Faults, RateLimiter, RequestLog
from pulumi_mail_domains.emulator.lifecycle import Timings
from pulumi_mail_domains.emulator.records import DkimKeyPool
from pulumi_mail_domains.emulator.store import Store
from pulumi_mail_domains.emulator.verify import AcceptAllVerifier, DnsVerifier, Verifier

_DEMO_META_KEY = "demo_credentials"

# What DeleteDomain does while the domain still has mailboxes scheduled for deletion (not
# recorded live; see ``scaleway.delete_domain``).
ScheduledMailboxesPolicy = Literal["refuse", "allow"]
# What a domain shows after a validation found a required record wrong. The recorded traffic
# only ever showed ``waiting_validation``; the API also documents ``validation_failed``, which
# tests select to exercise the provider's handling of it.
FailedValidationStatus = Literal["waiting_validation", "validation_failed"]


@dataclasses.dataclass(frozen=True)
class EmulatorConfig:
    """Everything the command line sets (see ``__main__.py``)."""

    scaleway_tokens: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    fullhelp_tokens: Mapping[str, frozenset[int]] = dataclasses.field(default_factory=dict)
    db: str = ":memory:"
    dns_server: tuple[str, int] | None = None
    dns_timeout: float = 2.0
    seed: int | None = None
    timings: Timings = dataclasses.field(default_factory=Timings)
    max_body_bytes: int = 64 * 1024
    dkim_pool_size: int = 16
    dkim_reuse_keys: bool = False
    domain_delete_with_scheduled_mailboxes: ScheduledMailboxesPolicy = "refuse"
    failed_validation_status: FailedValidationStatus = "waiting_validation"


class EmulatorState:
    """Store, verifier, faults and credentials of one running emulator."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.timings = config.timings
        self.store = Store(config.db)
        self.keys = DkimKeyPool(config.dkim_pool_size, reuse=config.dkim_reuse_keys)
        self.verifier: Verifier = (
            AcceptAllVerifier()
            if config.dns_server is None
            else DnsVerifier(*config.dns_server, timeout=config.dns_timeout)
        )
        self.faults = Faults(config.seed)
        self.limiter = RateLimiter()
        self.log = RequestLog()
        self.scaleway_tokens = dict(config.scaleway_tokens)
        self.fullhelp_tokens = dict(config.fullhelp_tokens)
        self.demo_notes: list[str] = []
        self.scheduled_mailboxes_policy = config.domain_delete_with_scheduled_mailboxes
        self.failed_validation_status = config.failed_validation_status
        if not self.scaleway_tokens or not self.fullhelp_tokens:
            self._add_demo_credentials()

    def now(self) -> float:
        return time.time()

    def start(self) -> None:
        self.keys.start()

    def close(self) -> None:
        self.keys.stop()
        self.store.close()

    def reset(self) -> None:
        """Empty domains, request log, fault knobs and rate-limit buckets; settings back to
        the command line's."""
        self.store.reset()
        self.scheduled_mailboxes_policy = self.config.domain_delete_with_scheduled_mailboxes
        self.failed_validation_status = self.config.failed_validation_status
        self.log.clear()
        self.faults.configure(FaultKnobs())
        self.limiter.configure(None)

    def set_faults(self, knobs: FaultKnobs) -> None:
        self.faults.configure(knobs)
        self.limiter.configure(knobs.rate_limit_per_second)

    def _add_demo_credentials(self) -> None:
        """Demo credentials for an API started without tokens, kept in the database so a
        restart on the same ``--db`` prints (and accepts) the same ones."""
        stored = self.store.get_meta(_DEMO_META_KEY)
        demo: dict[str, Any]
        if stored is None:
            demo = {
                "scaleway_token": str(uuid.uuid4()),
                "scaleway_project": str(uuid.uuid4()),
                "fullhelp_token": secrets.token_urlsafe(24),
                "fullhelp_account": 1,
            }
            self.store.set_meta(_DEMO_META_KEY, json.dumps(demo))
        else:
            demo = dict(json.loads(stored))
        if not self.scaleway_tokens:
            token, project = str(demo["scaleway_token"]), str(demo["scaleway_project"])
            self.scaleway_tokens[token] = frozenset({project})
            self.demo_notes.append(f"scaleway demo token {token} (project {project})")
        if not self.fullhelp_tokens:
            token, account = str(demo["fullhelp_token"]), int(demo["fullhelp_account"])
            self.fullhelp_tokens[token] = frozenset({account})
            self.demo_notes.append(f"fullhelp demo token {token} (account {account})")


def rfc3339(timestamp: float) -> str:
    """Scaleway's timestamp form, e.g. ``2026-09-21T11:55:52.096496Z``."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339_seconds(timestamp: float) -> str:
    """Whole seconds, as live subscription times show them, e.g. ``2026-09-21T11:58:14Z``."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso8601(timestamp: float) -> str:
    """FullHelp's timestamp form, e.g. ``2019-04-25T17:51:31+00:00``."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
