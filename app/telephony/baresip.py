"""The baresip adapter: starts and supervises a baresip process and drives it over ctrl_tcp.

baresip's ctrl_tcp (modules/ctrl_tcp) takes one TCP connection on 127.0.0.1 and speaks
netstring-framed JSON: commands `{"command", "params", "token"}`, answers
`{"response": true, "ok", "data", "token"}` and events `{"event": true, "class", "type",
"param", "id", ...}`. Call events map to the port's: CALL_RINGING/CALL_PROGRESS -> ringing,
CALL_ESTABLISHED -> answered, CALL_CLOSED -> ended (its param starts with the SIP status
when the far end refused the call).

Three threads, none of them the caller's: one reads the control socket (and reconnects
with backoff when it drops), one waits on the process (its death ends the call in progress
as `hung_up_by=softphone` and sets the status DEAD), one drains baresip's output with digit
runs masked, because baresip prints the dialled URI and the number must not reach a log.
"""

import logging
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.telephony import (
    CallEvent, CallEventKind, DialRequest, EventSink, HungUpBy, PhoneStatus, StatusSink,
    TelephonyUnavailable, sip_status_of,
)
from app.domain.backoff import Backoff
from app.telephony.baresip_config import (
    AudioSetup, SipAccount, free_port, free_sip_port, write_config, write_silence,
)
from app.telephony.netstring import Decoder, FrameError, encode

log = logging.getLogger(__name__)

_DIGITS = re.compile(r"\d{5,}")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EADDRINUSE = 98  # baresip's exit status when a port it was given is taken


class _PortTaken(Exception):
    pass


def _masked(text: str) -> str:
    return _DIGITS.sub(lambda m: m.group()[:3] + "****", text)


@dataclass
class _Call:
    request: DialRequest
    on_event: EventSink
    baresip_id: str | None = None
    answered: bool = False
    hangup_by: HungUpBy | None = None
    audio_failed: bool = False


class BaresipPhone:
    """The `Telephony` port over one baresip process. Thread-safe; one call at a time."""

    def __init__(self, account: SipAccount, *, audio: AudioSetup | None = None,
                 sip_listen: str | None = None, binary: str = "baresip",  # "HOST" or "HOST:PORT"
                 start_timeout: float = 10.0, on_status: StatusSink | None = None,
                 now: Callable[[], float] = time.monotonic, silence_seconds: int = 600) -> None:
        self.account = account
        self._audio = audio
        self._sip_listen = sip_listen
        self._binary = binary
        self._start_timeout = start_timeout
        self.on_status = on_status
        self._now = now
        self._silence_seconds = silence_seconds
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._status = PhoneStatus.DEAD
        self._detail = "not started"
        self._proc: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        self._folder: Path | None = None
        self._ctrl_port = 0
        self._call: _Call | None = None
        self._closing = False
        self._output: deque[str] = deque(maxlen=40)

    # --- the port -------------------------------------------------------------------------

    @property
    def status(self) -> PhoneStatus:
        return self._status

    @property
    def detail(self) -> str:
        """Why the status is what it is, in words fit for the screen (no number in it)."""
        return self._detail

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def dial(self, request: DialRequest, on_event: EventSink) -> None:
        if self._status is PhoneStatus.DEAD:
            self.start()
        with self._lock:
            if self._status is not PhoneStatus.READY:
                raise TelephonyUnavailable(f"the softphone is {self._status.value}: {self._detail}")
            if self._call is not None:
                raise TelephonyUnavailable("a call is already in progress")
            self._call = _Call(request, on_event)
        on_event(CallEvent(CallEventKind.DIALLING, self._now(), call_ref=request.call_ref))
        try:
            self._send({"command": "dial", "params": self.account.dial_uri(request.number),
                        "token": request.call_ref})
        except OSError as exc:
            self._end_call(reason=f"softphone unreachable: {exc.strerror or exc}", by=HungUpBy.SOFTPHONE)

    def hang_up(self, *, by: HungUpBy = HungUpBy.AGENT) -> None:
        with self._lock:
            call = self._call
            if call is None:
                return
            call.hangup_by = call.hangup_by or by
        try:
            self._send({"command": "hangup", "token": "hangup"})
        except OSError:
            self._end_call(reason="softphone unreachable", by=HungUpBy.SOFTPHONE)

    def close(self) -> None:
        with self._lock:
            self._closing = True
            proc, sock = self._proc, self._sock
        self._end_call(reason="softphone closed", by=HungUpBy.SOFTPHONE)
        if sock is not None:
            _close_quietly(sock)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=3)
        self._remove_folder()
        self._set_status(PhoneStatus.DEAD, "closed")

    # --- process supervision --------------------------------------------------------------

    def start(self) -> None:
        """Start baresip and connect to it; TelephonyUnavailable (never a hang) when it fails.

        Ports are picked free just before the start; another program may take one first
        (baresip then exits with EADDRINUSE), so a start is tried a few times on new ports.
        """
        try:
            for attempt in range(3):
                try:
                    return self._start_once()
                except _PortTaken:
                    log.info("softphone ports taken, retrying (%d)", attempt + 1)
            raise TelephonyUnavailable(self._detail)
        except TelephonyUnavailable:
            self._remove_folder()  # it holds the SIP password: never left behind
            raise

    def _remove_folder(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _start_once(self) -> None:
        with self._lock:
            self._closing = False
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="caredesk-baresip-"))
            self._ctrl_port = free_port()
            audio = self._audio or AudioSetup.headless(
                write_silence(self._folder / "silence.wav", self._silence_seconds))
            write_config(self._folder, account=self.account, audio=audio, ctrl_port=self._ctrl_port,
                         sip_listen=self._listen_address())
            self._set_status(PhoneStatus.STARTING, "starting the softphone")
            try:
                proc = subprocess.Popen([self._binary, "-f", str(self._folder)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            except OSError as exc:
                self._set_status(PhoneStatus.DEAD, f"cannot start {self._binary}: {exc.strerror or exc}")
                raise TelephonyUnavailable(self._detail) from None
            self._proc = proc
        drain = threading.Thread(target=self._drain, args=(proc,), name="baresip-output", daemon=True)
        drain.start()
        sock = self._connect(proc, deadline=self._now() + self._start_timeout)
        if sock is None:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=3)
            drain.join(timeout=1.0)  # its last words say why
            tail = " / ".join(list(self._output)[-3:])
            self._set_status(PhoneStatus.DEAD, f"the softphone did not start (exit {proc.poll()}): {tail}")
            if proc.returncode == _EADDRINUSE:
                raise _PortTaken
            raise TelephonyUnavailable(self._detail)
        with self._lock:
            self._sock = sock
        self._set_status(PhoneStatus.READY, "ready")
        threading.Thread(target=self._read, args=(proc, sock), name="baresip-ctrl", daemon=True).start()
        threading.Thread(target=self._watch, args=(proc,), name="baresip-watch", daemon=True).start()

    def _listen_address(self) -> str | None:
        """`sip_listen` as given; a bare host gets a port free for UDP and TCP at each start."""
        listen = self._sip_listen
        if listen and ":" not in listen:
            return f"{listen}:{free_sip_port(listen)}"
        return listen

    def _connect(self, proc: subprocess.Popen[bytes], *, deadline: float) -> socket.socket | None:
        backoff = Backoff(initial=0.05, maximum=1.0, jitter=0.1)
        while self._now() < deadline and proc.poll() is None and not self._closing:
            try:
                return socket.create_connection(("127.0.0.1", self._ctrl_port), timeout=1.0)
            except OSError:
                time.sleep(min(backoff.next(), max(0.0, deadline - self._now())))
        return None

    def _watch(self, proc: subprocess.Popen[bytes]) -> None:
        code = proc.wait()
        with self._lock:
            if self._proc is not proc or self._closing:
                return
            sock, self._sock = self._sock, None
        if sock is not None:
            _close_quietly(sock)
        self._set_status(PhoneStatus.DEAD, f"the softphone stopped (exit {code})")
        self._end_call(reason="the softphone stopped", by=HungUpBy.SOFTPHONE)

    def _drain(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = _masked(_ANSI.sub("", raw.decode("utf-8", "replace")).rstrip())
            if line:
                self._output.append(line)
                log.debug("baresip: %s", line)

    # --- the control connection -----------------------------------------------------------

    def _read(self, proc: subprocess.Popen[bytes], sock: socket.socket) -> None:
        backoff = Backoff(initial=0.1, maximum=5.0)
        while True:
            decoder = Decoder()
            sock.settimeout(None)
            try:
                while True:
                    data = sock.recv(65536)
                    if not data:
                        break
                    for message in decoder.feed(data):
                        self._handle(message)
                    backoff.reset()
            except (OSError, FrameError) as exc:
                log.info("softphone control link lost: %s", exc)
            _close_quietly(sock)
            # Reconnect while the process lives; its death is _watch's to report.
            while True:
                if self._closing or proc.poll() is not None or self._proc is not proc:
                    return
                self._set_status(PhoneStatus.RECONNECTING, "reconnecting to the softphone")
                time.sleep(backoff.next())
                try:
                    sock = socket.create_connection(("127.0.0.1", self._ctrl_port), timeout=1.0)
                except OSError:
                    continue
                with self._lock:
                    self._sock = sock
                self._set_status(PhoneStatus.READY, "ready")
                break

    def _send(self, message: dict[str, Any]) -> None:
        sock = self._sock
        if sock is None:
            raise ConnectionError("no control connection")
        with self._send_lock:
            sock.sendall(encode(message))

    def _handle(self, message: dict[str, Any]) -> None:
        with self._lock:
            call = self._call
        if call is None:
            return
        if message.get("response"):
            if message.get("token") == call.request.call_ref and not message.get("ok"):
                self._end_call(reason=_masked(str(message.get("data", "")).strip()), by=HungUpBy.SOFTPHONE)
            return
        if not message.get("event"):
            return
        kind = str(message.get("type", ""))
        baresip_id = message.get("id")
        if baresip_id and call.baresip_id is None and message.get("direction") == "outgoing":
            call.baresip_id = str(baresip_id)
        if baresip_id and baresip_id != call.baresip_id:
            return  # another call (an incoming one): not ours to report
        now = self._now()
        ref = call.request.call_ref
        if kind in ("CALL_RINGING", "CALL_PROGRESS"):
            call.on_event(CallEvent(CallEventKind.RINGING, now, call_ref=ref))
        elif kind == "CALL_ESTABLISHED":
            call.answered = True
            call.on_event(CallEvent(CallEventKind.ANSWERED, now, call_ref=ref))
        elif kind == "AUDIO_ERROR":
            call.audio_failed = True
        elif kind == "CALL_CLOSED":
            param = _masked(str(message.get("param", "")))
            by = call.hangup_by or (HungUpBy.SOFTPHONE if call.audio_failed else HungUpBy.MEMBER)
            self._end_call(reason=param, by=by, status=sip_status_of(param))

    def _end_call(self, *, reason: str, by: HungUpBy, status: int | None = None) -> None:
        with self._lock:
            call, self._call = self._call, None
        if call is None:
            return
        if status is None and call.answered:
            status = 200  # the INVITE's final answer; the BYE says nothing more
        elif status is None and call.hangup_by is not None:
            status = 487  # we cancelled a ringing call: the INVITE ends "request terminated"
        call.on_event(CallEvent(CallEventKind.ENDED, self._now(), call_ref=call.request.call_ref,
                                sip_status=status, hung_up_by=call.hangup_by or by, reason=reason))

    def _set_status(self, status: PhoneStatus, detail: str) -> None:
        changed = (status, detail) != (self._status, self._detail)
        self._status, self._detail = status, detail
        if changed and self.on_status is not None:
            self.on_status(status, detail)


def _close_quietly(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
