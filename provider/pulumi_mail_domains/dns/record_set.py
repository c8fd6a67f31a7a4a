"""``dns.RecordSet``'s behaviour: one DNS RRset on any authoritative server, created, changed
and deleted through RFC 2136 UPDATE and read back by querying that server."""

from __future__ import annotations

from typing import Any

import dns.rdatatype

from pulumi_mail_domains.core.behaviour import ConfigureRequest
from pulumi_mail_domains.core.engine_watch import watch_engine
from pulumi_mail_domains.core.lookup import AmbiguousMatchError, Located
from pulumi_mail_domains.core.results import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi_mail_domains.dns import rfc2136
from pulumi_mail_domains.dns.rfc2136 import new_update, query, send_update, write
from pulumi_mail_domains.dns.spec import RECORD_SET
from pulumi_mail_domains.dns.validation import check_inputs, checked, import_target, rdata_set

__all__ = ["RecordSetBehaviour", "RecordSetProvider"]


class RecordSetBehaviour:
    """CRUD for :class:`RecordSet` through DNS UPDATE and direct queries.

    Instances hold no state: the TSIG secret is looked up on each operation, so the pickled
    provider in the state file is a bare reference to this class.
    """

    spec = RECORD_SET

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """``SERVER_HOST:PORT/ZONE/FQDN/TYPE``; the TSIG key name is the configured one."""
        return import_target(import_id, rfc2136.configured_key_name())

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Remember the configured TSIG secret (if set) for this process."""
        rfc2136.use_configuration(req.config)
        # A dynamic provider host has no other hook: it must not outlive its engine either.
        watch_engine()

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate and normalize the inputs; unknown values (during preview) are skipped."""
        inputs, failures = check_inputs(news)
        return CheckResult(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Replace on zone/name/type/server changes, update on anything else; values are a set."""
        # A new server is a new record set: create it there (refusing to take over one that
        # exists), then delete it from the old server, rather than leave the old records behind.
        replaces = [key for key in self.spec.replacing if olds.get(key) != news.get(key)]
        updating = [p.name for p in self.spec.inputs if p.name not in (*replaces, "values")]
        changed = replaces + [key for key in updating if olds.get(key) != news.get(key)]
        old_values = rdata_set(olds.get("type"), olds.get("values"))
        new_values = rdata_set(news.get("type"), news.get("values"))
        if old_values is None or new_values is None or old_values != new_values:
            changed.append("values")
        same_rrset = olds.get("fqdn") == news.get("fqdn") and not any(
            olds.get(key) != news.get(key) for key in ("type", "server")
        )
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=bool(replaces) and same_rrset,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Add the record set, on condition that no such record set exists yet."""
        spec = checked(props)
        action = f"creating {spec.type} {spec.fqdn}"
        update = new_update(spec)
        if spec.rdtype == dns.rdatatype.CNAME:
            update.absent(spec.relative_name)
        else:
            update.absent(spec.relative_name, spec.rdtype)
            update.absent(spec.relative_name, dns.rdatatype.CNAME)
        update.add(spec.relative_name, spec.ttl, *spec.rdatas())
        write(spec, update, action)
        return CreateResult(spec.id, spec.outputs())

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Replace the record set's values and TTL in one atomic UPDATE."""
        spec = checked(news)
        update = new_update(spec)
        update.delete(spec.relative_name, spec.rdtype)
        update.add(spec.relative_name, spec.ttl, *spec.rdatas())
        write(spec, update, f"updating {spec.type} {spec.fqdn}")
        return UpdateResult(spec.outputs())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the record set; a record set that is already gone is fine."""
        spec = checked(props)
        update = new_update(spec)
        update.delete(spec.relative_name, spec.rdtype)
        send_update(spec, update, f"deleting {spec.type} {spec.fqdn}")

    def locate(self, props: dict[str, Any]) -> Located | None:
        """The record set these checked inputs denote, if the server holds exactly their values;
        None when it holds no such record set; :class:`AmbiguousMatchError` when it holds other
        values (someone else's, or an older version: nothing can tell)."""
        spec = checked(props)
        live = query(spec, f"looking up {spec.type} {spec.fqdn}")
        if live is None:
            return None
        if set(live) != set(spec.rdatas()):
            held = sorted(rdata.to_text() for rdata in live)
            raise AmbiguousMatchError(
                f"{spec.server} holds {spec.type} {spec.fqdn} with other values ({held})"
            )
        return Located(spec.id)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The record set as the server holds it; an empty id when it no longer exists."""
        spec = checked(props)
        live = query(spec, f"reading {spec.type} {spec.fqdn}")
        if live is None:
            return ReadResult("", {})
        outputs = spec.outputs()
        if set(live) != set(spec.rdatas()):
            outputs["values"] = sorted(rdata.to_text() for rdata in live)
        outputs["ttl"] = live.ttl
        return ReadResult(id_ or spec.id, outputs)


RecordSetProvider = RecordSetBehaviour
"""The name this class had before behaviours were called so: the pickled providers in the
state of existing stacks name it, so it stays importable."""
