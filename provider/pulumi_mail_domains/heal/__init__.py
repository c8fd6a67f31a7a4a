"""``mail-domains heal``: resolve the creates an interrupted ``pulumi up`` left pending.

When ``pulumi up`` is killed, the state lists the creates that were in flight as pending
operations, without ids, while the vendor may already hold the domains. A plain ``pulumi up``
would drop them and create again ("already exists"); ``pulumi destroy`` would leave them
behind. ``heal`` looks each one up at the vendor from its recorded inputs
(:meth:`~pulumi_mail_domains.core.behaviour.LocatingBehaviour.locate`, the lookup ``pulumi
import`` by name uses too) and repairs the state through the CLI's own ``stack export``,
``stack import`` and ``refresh``:

- found, and provably not older than the stack's last completed update: added to the state
  with the vendor's id, then refreshed from the vendor;
- the vendor's list answered without it: the pending create is cleared, so the next ``up``
  creates it;
- anything else (the vendor cannot be read, several matches, a match that existed before):
  nothing changes for that resource, and the report says why and what to run.
"""
