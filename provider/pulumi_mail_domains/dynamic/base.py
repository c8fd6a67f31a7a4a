"""What every dynamic class does, read from its resource's spec.

The classes themselves (``dynamic/scaleway.py``...) are generated from the specs by
``scripts/generate_dynamic.py``: their typed arguments and declared outputs. This base class
gives them the behaviour and the spec's initial property bag to register, and presents the
outputs as the spec types them: integers as ``int`` (the engine carries every number as a
float), and a domain's records, stored once, in every view (``records``, ``dns_records``,
``zone_file``), the stored form as ``stored_records``.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import Resource

from pulumi_mail_domains.core.behaviour import Behaviour
from pulumi_mail_domains.core.records import as_int
from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.dynamic.records import record_views
from pulumi_mail_domains.dynamic.served import served

__all__ = ["SpecResource"]


class SpecResource(Resource):
    """A dynamic resource served by ``behaviour``, with the outputs its spec declares."""

    def _present(self, spec: ResourceSpec) -> None:
        """The outputs as ``spec`` types them (integers as ``int``, every record view)."""
        if spec.presents_records:
            stored = getattr(self, "records")  # noqa: B009
            # The domain's name, which stored names are relative to (FullHelp: ``domain``).
            origin = "domain" if any(p.name == "domain" for p in spec.outputs) else "name"
            zone = getattr(self, "zone")  # noqa: B009
            views = record_views(stored, zone, getattr(self, origin), spec.known_records)
            # The state keeps the stored form under ``records``; the program gets it as
            # ``stored_records`` too, like a native domain with ``recordViews: stored``.
            self.stored_records = stored
            self.records, self.dns_records, self.zone_file = views
        for name in spec.integers:
            setattr(self, name, getattr(self, name).apply(as_int))

    @staticmethod
    def _register_props(behaviour: Behaviour, inputs: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """What the generated classes pass to :class:`pulumi.dynamic.Resource` themselves: a
        frame of ours less in each resource's ``stackTrace`` in the state."""
        return served(behaviour), behaviour.spec.initial_props(inputs)
