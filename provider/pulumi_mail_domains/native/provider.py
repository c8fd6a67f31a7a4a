"""The native provider: the core behaviours served over Pulumi's provider protocol.

Each request is translated (camelCase property values ↔ snake_case dicts, see
:mod:`~pulumi_mail_domains.native.wire`), and the behaviour, which blocks on HTTP calls, DNS
exchanges and polling, runs in a thread pool. The pool is as large as the engine's parallelism
is likely to be (64 by default, ``PULUMI_MAIL_DOMAINS_WORKERS`` to change it), so a domain
waiting for its creating phase or its DNS records never holds up another resource.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as rpc

from pulumi_mail_domains.core import cancellation
from pulumi_mail_domains.core.behaviour import Behaviour, Configured
from pulumi_mail_domains.core.errors import (
    ConfigurationError,
    InvalidValueError,
    MailDomainsError,
)
from pulumi_mail_domains.core.http import operation_deadline
from pulumi_mail_domains.core.lookup import NoMatchError
from pulumi_mail_domains.core.progress import reporting_to
from pulumi_mail_domains.core.record_views import STORED, record_views_mode
from pulumi_mail_domains.core.records import present_records, record_origin
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.native.config import CONFIG_KEYS, PACKAGE, ProviderConfig
from pulumi_mail_domains.native.progress import EngineLog
from pulumi_mail_domains.native.resources import BEHAVIOURS, FUNCTIONS
from pulumi_mail_domains.native.schema import render_schema
from pulumi_mail_domains.native.wire import UNKNOWN, from_wire, to_wire

__all__ = ["DEFAULT_WORKERS", "ImportNotFoundError", "MailDomainsProvider"]

DEFAULT_WORKERS = 64
T = TypeVar("T")


class ImportNotFoundError(MailDomainsError):
    """``pulumi import`` named a resource that does not exist."""


class MailDomainsProvider(rpc.Provider):
    """The ``mail-domains`` provider: five resources, configured per provider instance."""

    def __init__(self, workers: int | None = None, *, engine_address: str = "") -> None:
        """``engine_address`` is where the waits' progress goes (the resource's row)."""
        size = workers or int(os.environ.get("PULUMI_MAIL_DOMAINS_WORKERS") or DEFAULT_WORKERS)
        self._engine_log = EngineLog(engine_address) if engine_address else None
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="mail-domains")
        self._config = ProviderConfig({})
        self._record_views = record_views_mode(None)
        self._behaviours: dict[str, Behaviour] = {}

    def close(self) -> None:
        """Wait for the calls in progress to end (they stop waiting once cancelled)."""
        self._pool.shutdown(wait=True)

    # --- provider-level calls --------------------------------------------------------------

    async def cancel(self) -> None:
        """The engine's Cancel (the user interrupted the run): stop every wait now, so the
        operations in flight end within moments and the engine can record them."""
        cancellation.cancel()

    async def get_schema(self, request: rpc.GetSchemaRequest) -> rpc.GetSchemaResponse:
        return rpc.GetSchemaResponse(schema=render_schema())

    async def check_config(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        known = {key.prop.wire_name for key in CONFIG_KEYS} | {"version"}
        failures = [
            rpc.CheckFailure(name, f"unknown provider setting {name!r}; known: {sorted(known)}")
            for name in request.new_inputs
            if name not in known
        ]
        return rpc.CheckResponse(inputs=request.new_inputs, failures=failures)

    async def diff_config(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        # New settings take effect on the next operation; no resource is replaced. (The SDK's
        # DiffConfig cannot send a detailed diff, so none is returned.)
        changed = [
            key.prop.wire_name
            for key in CONFIG_KEYS
            if request.old_state.get(key.prop.wire_name)
            != request.new_inputs.get(key.prop.wire_name)
        ]
        return rpc.DiffResponse(changes=bool(changed), diffs=changed)

    async def configure(self, request: rpc.ConfigureRequest) -> rpc.ConfigureResponse:
        self._config = ProviderConfig.from_request(request.variables, request.args)
        self._record_views = record_views_mode(self._config)
        self._behaviours = {}
        for behaviour_type in BEHAVIOURS:
            behaviour = behaviour_type()
            behaviour.configure(Configured(self._config))
            self._behaviours[behaviour.spec.token(PACKAGE)] = behaviour
        return rpc.ConfigureResponse(
            accept_secrets=True, supports_preview=True, accept_resources=False, accept_outputs=False
        )

    # --- resource calls --------------------------------------------------------------------

    async def check(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        behaviour = self._resource(request.type)
        spec = behaviour.spec
        olds, news = from_wire(spec, request.old_inputs), from_wire(spec, request.new_inputs)
        result = await self._run(behaviour.check, olds, news)
        failures = [
            rpc.CheckFailure(_wire_name(spec, f.property), _wire_text(spec, f.reason))
            for f in result.failures
        ]
        return rpc.CheckResponse(inputs=to_wire(spec, result.inputs), failures=failures)

    async def diff(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        behaviour = self._resource(request.type)
        spec = behaviour.spec
        olds, news = from_wire(spec, request.old_state), from_wire(spec, request.new_inputs)
        result = await self._run(behaviour.diff, request.resource_id, olds, news)
        replaces = list(result.replaces or [])
        detailed = _detailed_diff(spec, olds, news, replaces) if result.changes else {}
        return rpc.DiffResponse(
            changes=bool(result.changes),
            replaces=[_wire_name(spec, name) for name in replaces],
            stables=[_wire_name(spec, name) for name in result.stables or []],
            delete_before_replace=bool(result.delete_before_replace),
            diffs=list(detailed),
            detailed_diff=detailed,
        )

    async def create(self, request: rpc.CreateRequest) -> rpc.CreateResponse:
        behaviour = self._resource(request.type)
        spec = behaviour.spec
        props = from_wire(spec, request.properties)
        if request.preview:
            left_out = _left_out(spec, self._record_views)
            planned = {
                p.name: UNKNOWN
                for p in spec.outputs
                if props.get(p.name) is None and p.name not in left_out
            }
            return rpc.CreateResponse(
                resource_id="", properties=to_wire(spec, {**props, **planned})
            )
        result = await self._run(behaviour.create, props, timeout=request.timeout, urn=request.urn)
        return rpc.CreateResponse(
            resource_id=result.id, properties=to_wire(spec, self._with_views(spec, result.outs))
        )

    async def read(self, request: rpc.ReadRequest) -> rpc.ReadResponse:
        behaviour = self._resource(request.type)
        if not request.properties and not request.inputs:
            return await self._import(behaviour, request.resource_id)
        spec = behaviour.spec
        props = from_wire(spec, request.properties)
        result = await self._run(behaviour.read, request.resource_id, props)
        if not result.id:
            return rpc.ReadResponse(resource_id="")
        # The SDK always sends the inputs it is given, and empty ones would erase the stored
        # inputs: send them back unchanged unless the behaviour brought new ones.
        inputs = to_wire(spec, result.inputs) if result.inputs else dict(request.inputs)
        return rpc.ReadResponse(
            result.id, to_wire(spec, self._with_views(spec, result.outs)), inputs
        )

    async def update(self, request: rpc.UpdateRequest) -> rpc.UpdateResponse:
        behaviour = self._resource(request.type)
        spec = behaviour.spec
        olds, news = from_wire(spec, request.olds), from_wire(spec, request.news)
        if request.preview:
            return rpc.UpdateResponse(to_wire(spec, {**olds, **news}))
        result = await self._run(
            behaviour.update,
            request.resource_id,
            olds,
            news,
            timeout=request.timeout,
            urn=request.urn,
        )
        return rpc.UpdateResponse(to_wire(spec, self._with_views(spec, result.outs)))

    async def delete(self, request: rpc.DeleteRequest) -> None:
        behaviour = self._resource(request.type)
        props = from_wire(behaviour.spec, request.properties)
        await self._run(
            behaviour.delete, request.resource_id, props, timeout=request.timeout, urn=request.urn
        )

    # --- functions -------------------------------------------------------------------------

    async def invoke(self, request: rpc.InvokeRequest) -> rpc.InvokeResponse:
        """A provider function (``mail-domains:dns:mergeSenderPolicies``): plain computation,
        no API call; bad arguments come back as failures naming the argument."""
        function = next((f for f in FUNCTIONS if f.token(PACKAGE) == request.tok), None)
        if function is None:
            raise MailDomainsError(f"unknown function {request.tok!r}")
        arguments = from_wire(function.argument_spec, request.args)
        try:
            results = function.call(arguments)
        except InvalidValueError as error:
            argument = getattr(error, "argument", "")
            known = {p.name: p.wire_name for p in function.arguments}
            failure = rpc.CheckFailure(known.get(argument, ""), str(error))
            return rpc.InvokeResponse(failures=[failure])
        return rpc.InvokeResponse(return_value=to_wire(function.result_spec, results))

    # --- helpers ---------------------------------------------------------------------------

    async def _import(self, behaviour: Behaviour, import_id: str) -> rpc.ReadResponse:
        """An import's Read: no properties, no inputs. A missing resource is an error naming the
        id (an empty answer would leave a phantom resource in the state)."""
        spec = behaviour.spec
        token = spec.token(PACKAGE)
        try:
            # By name, the id is looked up at the vendor: in the pool, like every API call.
            resource_id, seed = await self._run(behaviour.import_seed, import_id)
        except NoMatchError as error:
            raise ImportNotFoundError(f"cannot import {token} {import_id!r}: {error}") from None
        result = await self._run(behaviour.read, resource_id, seed)
        if not result.id:
            raise ImportNotFoundError(
                f"cannot import {token} {import_id!r}: it does not exist (or these credentials "
                "cannot see it)"
            )
        outs = {**seed, **self._with_views(spec, result.outs)}
        raw = {p.name: outs[p.name] for p in spec.inputs if outs.get(p.name) is not None}
        checked = await self._run(behaviour.check, {}, raw)
        if checked.failures:
            problems = "; ".join(f"{f.property}: {f.reason}" for f in checked.failures)
            raise ImportNotFoundError(f"cannot import {token} {import_id!r}: {problems}")
        inputs = checked.inputs
        return rpc.ReadResponse(result.id, to_wire(spec, {**outs, **inputs}), to_wire(spec, inputs))

    def _with_views(self, spec: ResourceSpec, outs: Mapping[str, Any] | None) -> dict[str, Any]:
        """Outputs as the ``recordViews`` setting wants them: every view of a domain's records
        (``full``: YAML and other languages read ``records[key].content``, ``dnsRecords`` and
        ``zoneFile`` straight from the outputs), or only ``storedRecords`` (``stored``)."""
        result = dict(outs or {})
        if not spec.presents_records:
            return result
        stored = result.pop("records", None)
        for name in _left_out(spec, self._record_views):
            result.pop(name, None)
        if not isinstance(stored, Mapping):
            return result
        if self._record_views == STORED:
            result["stored_records"] = stored
        else:
            result.update(
                present_records(
                    stored, result.get("zone"), record_origin(result), spec.known_records
                )
            )
        return result

    def _resource(self, token: str) -> Behaviour:
        behaviour = self._behaviours.get(token)
        if behaviour is None:
            known = {b.spec.token(PACKAGE) for b in BEHAVIOURS}
            if token in known:
                raise ConfigurationError("the provider was not configured before use")
            raise MailDomainsError(f"unknown resource type {token!r}")
        return behaviour

    async def _run(
        self,
        function: Callable[..., T],
        *args: Any,
        timeout: float | None = None,
        urn: str = "",
    ) -> T:
        """Run a blocking behaviour call in the pool; a resource's ``customTimeouts`` (when the
        engine passes one) bounds every retry inside it, and its waits report in ``urn``'s row."""

        def call() -> T:
            with operation_deadline(timeout or None), self._reporting(urn):
                return function(*args)

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, call)

    def _reporting(self, urn: str) -> contextlib.AbstractContextManager[None]:
        if self._engine_log is None or not urn:
            return contextlib.nullcontext()
        return reporting_to(self._engine_log.sink(urn))


def _wire_name(spec: ResourceSpec, name: str) -> str:
    try:
        return spec.property(name).wire_name
    except StopIteration:
        return name


def _left_out(spec: ResourceSpec, record_views: str) -> frozenset[str]:
    """The record outputs ``record_views`` leaves out of a domain's outputs."""
    if not spec.presents_records:
        return frozenset()
    if record_views == STORED:
        return frozenset({"records", "dns_records", "zone_file"})
    return frozenset({"stored_records"})


def _wire_text(spec: ResourceSpec, text: str) -> str:
    """A message with the core's property names (``account_id``) as users of the native
    provider write them (``accountId``)."""
    for prop in spec.properties:
        if "_" in prop.name:
            text = re.sub(rf"\b{prop.name}\b", prop.wire_name, text)
    return text


def _detailed_diff(
    spec: ResourceSpec,
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    replaces: list[str],
) -> dict[str, rpc.PropertyDiff]:
    """Per-input changes: the SDK always flags its diff as detailed, so it must be complete."""
    detailed: dict[str, rpc.PropertyDiff] = {}
    for prop in spec.inputs:
        old, new = olds.get(prop.name), news.get(prop.name)
        if new != UNKNOWN and old == new:
            continue
        replace = prop.name in replaces
        if old is None:
            kind = rpc.PropertyDiffKind.ADD_REPLACE if replace else rpc.PropertyDiffKind.ADD
        elif new is None:
            kind = rpc.PropertyDiffKind.DELETE_REPLACE if replace else rpc.PropertyDiffKind.DELETE
        else:
            kind = rpc.PropertyDiffKind.UPDATE_REPLACE if replace else rpc.PropertyDiffKind.UPDATE
        detailed[prop.wire_name] = rpc.PropertyDiff(kind, input_diff=True)
    for name in replaces:
        wire = _wire_name(spec, name)
        detailed.setdefault(wire, rpc.PropertyDiff(rpc.PropertyDiffKind.UPDATE_REPLACE, True))
    return detailed
