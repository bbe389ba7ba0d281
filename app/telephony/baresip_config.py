"""The config folder CareDesk writes for the baresip it starts: control on 127.0.0.1, the
agent's SIP account, and audio devices (a WAV source and a null player when headless)."""

import os
import socket
import wave
from dataclasses import dataclass, field
from pathlib import Path

MODULE_PATH = "/usr/lib/baresip/modules"
SIP_TRUNK_ENV = "CAREDESK_SIP_TRUNK"  # HOST:PORT, for the desktop and `caredesk-admin dial`


@dataclass(frozen=True)
class SipAccount:
    """The agent's SIP account, as plain values (the UI edge reads the password from the keyring).

    `domain` is the registrar (PBX) or the trunk; `trunk` (HOST:PORT), when set, is where calls
    go (`sip:<number>@trunk`); with `register` False the trunk trusts the source address.
    """

    user: str
    domain: str
    password: str = field(default="", repr=False)
    register: bool = True
    trunk: str | None = None
    transport: str = "udp"

    @classmethod
    def for_trunk(cls, user: str, trunk: str) -> "SipAccount":
        """A trunk that trusts this computer's address (`--sip-trunk`, CAREDESK_SIP_TRUNK):
        calls go to sip:<number>@HOST:PORT with no registration."""
        return cls(user=user, domain=trunk.rpartition(":")[0], register=False, trunk=trunk)

    def aor_line(self) -> str:
        params = [f"regint={3600 if self.register else 0}"]
        if self.password:
            params += [f"auth_user={self.user}", f"auth_pass={self.password}"]
        return f"<sip:{self.user}@{self.domain};transport={self.transport}>;" + ";".join(params)

    def dial_uri(self, number: str) -> str:
        return f"sip:{number}@{self.trunk or self.domain}"


@dataclass(frozen=True)
class AudioSetup:
    """baresip audio devices. Headless: silence from a WAV file, a player that plays nowhere."""

    source: str = "alsa,default"
    player: str = "alsa,default"
    alert: str = "alsa,default"

    @classmethod
    def headless(cls, wav: Path) -> "AudioSetup":
        # aubridge with no matching source drops what it is given: a null player.
        return cls(source=f"aufile,{wav}", player="aubridge,caredesk-null", alert="aubridge,caredesk-null")


def free_port(host: str = "127.0.0.1", kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def free_sip_port(host: str = "127.0.0.1") -> int:
    """A port free for both UDP and TCP: baresip's sip_listen opens both on it."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((host, 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind((host, port))
                except OSError:
                    continue
                return port
    raise OSError("no free port for SIP")


def write_silence(path: Path, seconds: int) -> Path:
    """8 kHz mono silence: baresip's aufile ends the call when its file ends, so make it long."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 8000 * seconds)
    return path


def write_config(folder: Path, *, account: SipAccount, audio: AudioSetup, ctrl_port: int,
                 sip_listen: str | None = None) -> None:
    """Write `config` and `accounts` into a private folder (the accounts file holds a password)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    lines = [
        "poll_method epoll" if os.name == "posix" else "",
        f"sip_listen {sip_listen}" if sip_listen else "",
        f"audio_source {audio.source}",
        f"audio_player {audio.player}",
        f"audio_alert {audio.alert}",
        f"module_path {MODULE_PATH}",
        "module g711.so",
        "module aufile.so",
        "module aubridge.so",
        "module alsa.so" if "alsa," in f"{audio.source} {audio.player}" else "",
        "module_app account.so",
        "module_app menu.so",  # the dial/hangup commands live in menu
        "module_app ctrl_tcp.so",
        f"ctrl_tcp_listen 127.0.0.1:{ctrl_port}",
    ]
    (folder / "config").write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    accounts = folder / "accounts"
    accounts.touch(mode=0o600)
    accounts.write_text(account.aor_line() + "\n", encoding="utf-8")
    # baresip creates these when missing and would otherwise write them into the folder anyway.
    (folder / "contacts").touch()
