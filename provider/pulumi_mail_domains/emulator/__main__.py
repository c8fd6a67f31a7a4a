"""Command line: ``mail-domains-emulator`` / ``python -m pulumi_mail_domains.emulator``.

The first line printed is ``listening on http://HOST:PORT``; demo credentials (when no
tokens are given) follow it. The web application is imported only after the arguments are
parsed, so ``--help`` and flag errors answer quickly.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import uvicorn

from pulumi_mail_domains.emulator.names import UUID_PATTERN
from pulumi_mail_domains.emulator.verify import parse_server

if TYPE_CHECKING:
    from pulumi_mail_domains.emulator.state import EmulatorConfig


def _scaleway_token(text: str) -> tuple[str, frozenset[str]]:
    token, _, projects = text.partition("=")
    ids = [project.strip().lower() for project in projects.split(",") if project.strip()]
    if not token or not ids:
        raise argparse.ArgumentTypeError(f"expected TOKEN=PROJECT_ID[,PROJECT_ID...], got {text!r}")
    for project in ids:
        if not re.match(UUID_PATTERN, project):
            raise argparse.ArgumentTypeError(f"project id {project!r} is not a UUID")
    return token, frozenset(ids)


def _fullhelp_token(text: str) -> tuple[str, frozenset[int]]:
    token, _, accounts = text.partition("=")
    try:
        ids = [int(account) for account in accounts.split(",") if account.strip()]
    except ValueError:
        ids = []
    if not token or not ids or min(ids) < 1:
        raise argparse.ArgumentTypeError(
            f"expected TOKEN=ACCOUNT_ID[,ACCOUNT_ID...] with positive integers, got {text!r}"
        )
    return token, frozenset(ids)


def _dns_server(text: str) -> tuple[str, int]:
    try:
        return parse_server(text)
    except (ValueError, OSError) as exc:
        raise argparse.ArgumentTypeError(f"bad DNS server {text!r}: {exc}") from None


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 86_400:
        raise argparse.ArgumentTypeError("expected seconds between 0 and 86400")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mail-domains-emulator",
        description="Emulate the Scaleway Mailbox v1alpha1 and FullHelp domain APIs locally.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    p.add_argument("--db", default=":memory:", help="SQLite database file (default in memory)")
    p.add_argument(
        "--scaleway-token",
        action="append",
        type=_scaleway_token,
        default=[],
        metavar="TOKEN=PROJECT_ID[,...]",
        help="a Scaleway secret key and the projects it owns (repeatable)",
    )
    p.add_argument(
        "--fullhelp-token",
        action="append",
        type=_fullhelp_token,
        default=[],
        metavar="TOKEN=ACCOUNT_ID[,...]",
        help="a FullHelp bearer token and the accounts it may use (repeatable)",
    )
    p.add_argument(
        "--dns-server",
        type=_dns_server,
        metavar="HOST:PORT",
        help="verify records by querying this DNS server (default: verify on first call)",
    )
    p.add_argument("--dns-timeout", type=_seconds, default=2.0, help="seconds per DNS query")
    p.add_argument("--seed", type=int, help="seed for the fault injection's random choices")
    # Defaults close to the recorded live timings (docs/vendor-apis.md §1.12); tests pass shorter
    # ones.
    p.add_argument(
        "--creating-seconds", type=_seconds, default=3.0, help="domain creating (3; live 2-4.4)"
    )
    p.add_argument("--validating-seconds", type=_seconds, default=1.0, help="domain validating")
    p.add_argument("--provisioning-seconds", type=_seconds, default=1.0, help="domain provisioning")
    p.add_argument(
        "--deleting-seconds", type=_seconds, default=5.0, help="domain deleting (5; live ~5)"
    )
    p.add_argument(
        "--mailbox-creating-seconds",
        type=_seconds,
        default=75.0,
        help="mailbox waiting_payment before ready (75; live ~75)",
    )
    p.add_argument(
        "--mailbox-deletion-delay-seconds",
        type=_seconds,
        default=600.0,
        help="a deleted mailbox stays deletion_scheduled this long (600; live 10 minutes)",
    )
    p.add_argument(
        "--domain-delete-with-scheduled-mailboxes",
        choices=["refuse", "allow"],
        default="refuse",
        help="DeleteDomain while mailboxes are deletion_scheduled: 412 resource_still_in_use "
        "until they are purged (refuse, default), or delete (allow)",
    )
    p.add_argument(
        "--failed-validation-status",
        choices=["waiting_validation", "validation_failed"],
        default="waiting_validation",
        help="the status a Scaleway domain shows after a validation found a required record "
        "wrong (waiting_validation, as recorded live, or validation_failed)",
    )
    p.add_argument(
        "--max-body-bytes", type=int, default=64 * 1024, help="largest accepted request body"
    )
    p.add_argument(
        "--dkim-pool-size",
        type=int,
        default=16,
        help="DKIM keys generated ahead of time in the background (0: generate on demand)",
    )
    p.add_argument(
        "--dkim-reuse-keys",
        action="store_true",
        help="hand out the pool's keys in turn instead of a fresh key per domain (load tests)",
    )
    p.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn log level (logs go to stderr)",
    )
    return p


def config_from(args: argparse.Namespace) -> EmulatorConfig:
    from pulumi_mail_domains.emulator.lifecycle import Timings
    from pulumi_mail_domains.emulator.state import EmulatorConfig

    scaleway_tokens: dict[str, frozenset[str]] = {}
    for token, projects in args.scaleway_token:
        scaleway_tokens[token] = scaleway_tokens.get(token, frozenset()) | projects
    fullhelp_tokens: dict[str, frozenset[int]] = {}
    for token, accounts in args.fullhelp_token:
        fullhelp_tokens[token] = fullhelp_tokens.get(token, frozenset()) | accounts
    return EmulatorConfig(
        scaleway_tokens=scaleway_tokens,
        fullhelp_tokens=fullhelp_tokens,
        db=args.db,
        dns_server=args.dns_server,
        dns_timeout=args.dns_timeout,
        seed=args.seed,
        timings=Timings(
            creating=args.creating_seconds,
            validating=args.validating_seconds,
            provisioning=args.provisioning_seconds,
            deleting=args.deleting_seconds,
            mailbox_creating=args.mailbox_creating_seconds,
            mailbox_deletion_delay=args.mailbox_deletion_delay_seconds,
        ),
        max_body_bytes=args.max_body_bytes,
        dkim_pool_size=args.dkim_pool_size,
        dkim_reuse_keys=args.dkim_reuse_keys,
        domain_delete_with_scheduled_mailboxes=args.domain_delete_with_scheduled_mailboxes,
        failed_validation_status=args.failed_validation_status,
    )


class _Server(uvicorn.Server):
    """A uvicorn server that prints its banner once it accepts connections."""

    def __init__(self, config: uvicorn.Config, banner: Sequence[str]) -> None:
        super().__init__(config)
        self._banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            print("\n".join(self._banner), flush=True)


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.set_inheritable(True)
    return sock


def main(argv: Sequence[str] | None = None) -> None:
    """Run the emulator until interrupted (SIGINT/SIGTERM)."""
    args = parser().parse_args(argv)
    from pulumi_mail_domains.emulator.app import create_app
    from pulumi_mail_domains.emulator.state import EmulatorState

    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        sys.exit(f"cannot listen on {args.host}:{args.port}: {exc}")
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    state = EmulatorState(config_from(args))
    server = _Server(
        uvicorn.Config(
            create_app(state),
            log_level=args.log_level,
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=2,
        ),
        [f"listening on http://{shown}:{port}", *state.demo_notes],
    )
    state.start()
    try:
        server.run(sockets=[sock])
    finally:
        state.close()


if __name__ == "__main__":
    main()
