"""Fixtures for the cloud DNS example tests: the session's vendor data (real DKIM keys)."""

from __future__ import annotations

import pytest

from support.mail_mocks import VendorData, dkim_public_key


@pytest.fixture(scope="session")
def vendor() -> VendorData:
    """Both vendors' DKIM keys, generated once per session (2048-bit RSA, TXT over 255 bytes)."""
    data = VendorData(scaleway_dkim_key=dkim_public_key(), fullhelp_dkim_key=dkim_public_key())
    assert len(data.scaleway_dkim.encode()) > 255
    assert len(data.fullhelp_dkim.encode()) > 255
    return data
