"""Tokens never leak (logs, errors, reprs); connections are pooled and shared across threads."""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_mail_domains.core.errors import MailDomainsError
from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.emulator import FH_ACCOUNT, FH_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

WRONG_SCW_TOKEN = "deadbeef-0000-4000-8000-00000000beef"
WRONG_FH_TOKEN = "fh-wrong-token-must-not-leak"
SECRETS = (SCW_TOKEN, FH_TOKEN, WRONG_SCW_TOKEN, WRONG_FH_TOKEN)
RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01, deadline_seconds=10)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in ("", "httpx", "httpcore", "pulumi_mail_domains"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def exercise_everything(emulator: Emulator) -> list[str]:
    """Call every method of both clients, including failures; return every text produced."""
    texts: list[str] = []

    def attempt(call: object) -> None:
        try:
            assert callable(call)
            call()
        except MailDomainsError as exc:
            texts.extend([str(exc), repr(exc), *traceback.format_exception(exc)])
            texts.append(repr(vars(exc)))

    emulator.faults(error_rate=0.3, reset_rate=0.1, lost_response_rate=0.1)
    scw = ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=RETRY
    )
    fh = FullHelpClient(FH_TOKEN, base_url=emulator.url, default_account_id=FH_ACCOUNT, retry=RETRY)
    bad_scw = ScalewayMailboxClient(WRONG_SCW_TOKEN, api_url=emulator.url, retry=RETRY)
    bad_fh = FullHelpClient(WRONG_FH_TOKEN, base_url=emulator.url, retry=RETRY)
    with scw, fh, bad_scw, bad_fh:
        for client in (scw, fh, bad_scw, bad_fh):
            texts += [repr(client), str(client), repr(vars(client))]
            http = client._http
            texts += [repr(http), repr(http._client), repr(http._client.headers)]
            texts += [repr(http._client.auth), repr(vars(http._client))]
        domain_id = "12345678-1234-4234-8234-123456789012"
        for call in (
            lambda: scw.create_domain("secret.example"),
            lambda: scw.list_domains(search="secret"),
            lambda: list(scw.list_all()),
            lambda: scw.find_domain_by_name("secret.example"),
            lambda: scw.get_domain(domain_id),
            lambda: scw.get_domain_records(domain_id),
            lambda: scw.validate_domain_records(domain_id),
            lambda: scw.wait_for_domain(domain_id, timeout=0.1, min_delay=0.01),
            lambda: scw.wait_until_deleted(domain_id, timeout=0.1, min_delay=0.01),
            lambda: scw.delete_domain(domain_id),
            lambda: bad_scw.list_domains(),
            lambda: fh.create_domain(None, "secret.example"),
            lambda: fh.list_domains(None),
            lambda: fh.find_domain_by_name(None, "secret.example"),
            lambda: fh.get_domain(None, 999),
            lambda: fh.update_domain(None, 999, "x.example"),
            lambda: fh.verify_dns(None, 999),
            lambda: fh.delete_domain(None, 999),
            lambda: bad_fh.list_domains(FH_ACCOUNT),
        ):
            attempt(call)
    return texts


def test_no_token_in_logs_errors_or_reprs(
    emulator: Emulator, debug_logs: pytest.LogCaptureFixture
) -> None:
    texts = exercise_everything(emulator)
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    logged = [formatter.format(record) for record in debug_logs.records]
    logged += [repr(record.args) for record in debug_logs.records]

    # The test only means something if it captured the noisy layers and real failures.
    names = {record.name for record in debug_logs.records}
    assert {"httpx", "pulumi_mail_domains.http"} <= names
    assert any(n.startswith("httpcore") for n in names)
    assert any("retry" in line for line in logged)
    assert any("authentication" in text.lower() for text in texts)

    for secret in SECRETS:
        leaks = [text for text in texts + logged if secret in text]
        assert not leaks, f"token leaked: {leaks[:3]}"


def connections_opened(caplog: pytest.LogCaptureFixture) -> int:
    return sum(
        1
        for r in caplog.records
        if r.name.startswith("httpcore") and r.getMessage().startswith("connect_tcp.complete")
    )


def test_one_connection_is_reused_across_calls(
    scw: ScalewayMailboxClient, debug_logs: pytest.LogCaptureFixture
) -> None:
    for _ in range(20):
        scw.list_domains()
    assert connections_opened(debug_logs) == 1


def test_four_threads_share_one_pool(
    scw: ScalewayMailboxClient, emulator: Emulator, debug_logs: pytest.LogCaptureFixture
) -> None:
    emulator.faults(latency_ms=5)
    debug_logs.clear()  # forget the admin client's own connection
    names = [f"t{n}.pool.example" for n in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(pool.map(scw.create_domain, names))
        fetched = list(pool.map(lambda d: scw.get_domain(d.id), created * 5))
    assert sorted(d.name for d in created) == names
    assert [d.id for d in fetched] == [d.id for d in created * 5]
    assert 1 <= connections_opened(debug_logs) <= 4
