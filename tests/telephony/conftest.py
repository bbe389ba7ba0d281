"""Real SIP peers on loopback: baresip (the agent's softphone) and SIPp (the member's phone).

Like PostgreSQL in the root conftest, the tools are required under CI=true: a missing
baresip or sipp fails the run there instead of skipping.
"""

import shutil
from collections.abc import Callable, Iterator

import pytest

from app.telephony import BaresipPhone, SipAccount
from tests.conftest import IN_CI
from tests.support.sipp import SippPeer


@pytest.fixture(scope="session")
def sip_tools() -> None:
    missing = [tool for tool in ("baresip", "sipp") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install baresip-core sip-tester)"
        if IN_CI:
            pytest.fail(f"required under CI=true: {message}")
        pytest.skip(message)


@pytest.fixture
def sipp(sip_tools, tmp_path) -> Iterator[Callable[[str], SippPeer]]:
    """sipp("busy") starts a peer playing that scenario; every peer is stopped after the test."""
    peers: list[SippPeer] = []

    def start(scenario: str) -> SippPeer:
        peer = SippPeer(scenario, tmp_path).start()
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        peer.stop()


@pytest.fixture
def make_phone(sip_tools) -> Iterator[Callable[[SippPeer], BaresipPhone]]:
    """A started baresip whose calls go to the given peer; closed (and checked gone) after."""
    phones: list[BaresipPhone] = []

    def make(peer: SippPeer, **kwargs) -> BaresipPhone:
        account = SipAccount(user="agent", domain="127.0.0.1", register=False, trunk=peer.trunk)
        phone = BaresipPhone(account, sip_listen="127.0.0.1", silence_seconds=30, **kwargs)
        phones.append(phone)
        return phone

    yield make
    for phone in phones:
        proc = phone._proc
        phone.close()
        assert proc is None or proc.poll() is not None, "baresip left running"
