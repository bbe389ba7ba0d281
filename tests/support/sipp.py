"""SIPp playing the member's phone on loopback, one call per peer, always stopped after."""

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from app.telephony import free_sip_port

SCENARIOS = Path(__file__).resolve().parents[1] / "telephony" / "sipp"


@dataclass
class SippPeer:
    scenario: str
    folder: Path
    port: int = field(default_factory=lambda: free_sip_port())
    proc: subprocess.Popen[bytes] | None = None

    @property
    def trunk(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def message_log(self) -> Path:
        return self.folder / f"sipp-{self.scenario}-{self.port}.log"

    def start(self) -> "SippPeer":
        # -recv_timeout ends a scenario whose caller vanished (the softphone killed mid-call).
        self.proc = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIOS / f"{self.scenario}.xml"), "-i", "127.0.0.1",
             "-p", str(self.port), "-mi", "127.0.0.1", "-m", "1", "-recv_timeout", "4000",
             "-trace_msg", "-message_file", str(self.message_log), "-nostdin"],
            cwd=self.folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return self

    def wait(self, timeout: float = 15.0) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def invites_received(self) -> int:
        if not self.message_log.exists():
            return 0
        text = self.message_log.read_text(errors="replace")
        return text.count("\nINVITE sip:")

    def numbers_seen(self) -> str:
        return self.message_log.read_text(errors="replace") if self.message_log.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
