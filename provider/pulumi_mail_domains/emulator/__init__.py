"""A local emulator of the Scaleway Mailbox v1alpha1 and FullHelp domain APIs.

Run it with ``mail-domains-emulator`` (or ``python -m pulumi_mail_domains.emulator``); it
needs the ``[emulator]`` extra. The provider itself never imports this package.

Scaleway behaviour matched to recorded live traffic (docs/vendor-apis.md §1.12), and refereed by the
official SDK in ``tests/contract``:

- List responses carry ``total_count`` in the body and no ``X-Total-Count`` header.
- Lifecycle defaults close to live: a domain is ``creating`` 3 s (live 2.1-4.4 s) and
  ``deleting`` 5 s; a mailbox is ``waiting_payment`` 75 s, then ``ready``; a deleted mailbox
  stays readable and listed as ``deletion_scheduled`` for 600 s (its ``deletion_scheduled_at``),
  then it is gone. Every one is a flag (``--creating-seconds``, ``--deleting-seconds``,
  ``--mailbox-creating-seconds``, ``--mailbox-deletion-delay-seconds``...).
- Mailbox bodies as live: ``project_id: ""``, ``organization_id: ""``, subscription periods
  (``unknown_subscription_period``/``monthly`` while waiting for payment, ``monthly``/
  ``unknown_subscription_period`` once ready, frozen by a DELETE).

This project's decisions where nothing was recorded: a ``deletion_scheduled`` mailbox no longer
counts in ``mailbox_total_count``, and a second DELETE of it answers the same 200. What
DeleteDomain does while mailboxes are ``deletion_scheduled`` is a setting
(``--domain-delete-with-scheduled-mailboxes``, or ``POST /_emulator/scaleway/settings`` at run
time): ``refuse`` (default) answers 412 ``precondition_failed`` / ``resource_still_in_use`` until
they are purged, ``allow`` deletes the domain and them. Details: ``scaleway.py``.
"""
