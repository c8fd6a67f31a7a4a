"""What every dynamic class does, read from its resource's spec.

The classes themselves (``dynamic/scaleway.py``...) are generated from the specs by
``scripts/generate_dynamic.py``: their typed arguments and declared outputs. This base class
registers the behaviour with the spec's initial property bag and presents the outputs as the
spec types them: integers as ``int`` (the engine carries every number as a float), and a
domain's records, stored once, in every view (``records``, ``dns_records``, ``zone_file``).
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.core.behaviour import Behaviour
from pulumi_mail_domains.core.records import as_int
from pulumi_mail_domains.dynamic.records import record_views
from pulumi_mail_domains.dynamic.served import served

__all__ = ["SpecResource"]


class SpecResource(Resource):
    """A dynamic resource served by ``behaviour``, with the outputs its spec declares."""

    def __init__(
        self,
        behaviour: Behaviour,
        resource_name: str,
        inputs: dict[str, Any],
        opts: pulumi.ResourceOptions | None,
    ) -> None:
        spec = behaviour.spec
        super().__init__(served(behaviour), resource_name, spec.initial_props(inputs), opts)
        if spec.presents_records:
            stored = getattr(self, "records")  # noqa: B009
            views = record_views(stored, getattr(self, "zone"))  # noqa: B009
            # The state keeps the stored form under ``records``; the program gets it as
            # ``stored_records`` too, like a native domain with ``recordViews: stored``.
            self.stored_records = stored
            self.records, self.dns_records, self.zone_file = views
        for name in spec.integers:
            setattr(self, name, getattr(self, name).apply(as_int))
