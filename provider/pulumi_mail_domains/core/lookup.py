"""Finding a resource at the vendor by what names it, not by its id.

``pulumi import`` by name and ``mail-domains heal`` (which resolves the creates an interrupted
run left pending) ask the same question: which vendor object does this name denote? The answer
is one of three, and the difference matters: :class:`Located` (exactly one), ``None`` (the
vendor's list answered, without it: it provably does not exist), or an error: an
:class:`AmbiguousMatchError` when several objects match, any other
:class:`~pulumi_mail_domains.core.errors.MailDomainsError` when the vendor could not be read.
Only ``None`` may ever lead to "create it again".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pulumi_mail_domains.core.errors import MailDomainsError

__all__ = ["AmbiguousMatchError", "Located", "NoMatchError", "only_match"]


@dataclasses.dataclass(frozen=True)
class Located:
    """The one vendor object a name denotes.

    Attributes:
        id: the resource id Pulumi keeps for it.
        created_at: when the vendor created it (RFC 3339), where the vendor says.
    """

    id: str
    created_at: str | None = None


class AmbiguousMatchError(MailDomainsError):
    """Several vendor objects match one name: nothing can tell which one is meant."""


class NoMatchError(MailDomainsError):
    """``pulumi import`` named an object that the vendor's list does not hold."""


def only_match(matches: Sequence[Located], what: str) -> Located | None:
    """The single match, None for no match, :class:`AmbiguousMatchError` for several."""
    if len(matches) > 1:
        ids = ", ".join(match.id for match in matches)
        raise AmbiguousMatchError(f"{len(matches)} objects match {what} (ids {ids})")
    return matches[0] if matches else None
