"""How a core behaviour becomes a dynamic provider: as it is.

The dynamic provider host unpickles the provider object and calls its ``configure``, ``check``,
``diff``, ``create``, ``read``, ``update`` and ``delete``, reading the result objects' ``inputs``,
``failures``, ``changes``, ``replaces``, ``id`` and ``outs``; the core behaviours and their
results have exactly that shape. So there is no adapter to keep in step: the behaviour is
pickled by reference to its class (``pulumi_mail_domains.scaleway.mailbox_domain.
MailboxDomainBehaviour``...). Stacks created before the behaviours were called so name the
old classes (``...MailboxDomainProvider``), which each behaviour module keeps as an alias.
"""

from __future__ import annotations

from typing import cast

from pulumi.dynamic import ResourceProvider

from pulumi_mail_domains.core.behaviour import Behaviour

__all__ = ["served"]


def served(behaviour: Behaviour) -> ResourceProvider:
    """``behaviour`` typed as the provider ``pulumi.dynamic.Resource`` takes (it duck-types it)."""
    return cast(ResourceProvider, behaviour)
