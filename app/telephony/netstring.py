"""Netstrings (`<length>:<bytes>,`), the framing baresip's ctrl_tcp puts around each JSON message."""

import json
from typing import Any

MAX_FRAME = 1 << 20  # a ctrl_tcp message is a few hundred bytes; more is a broken stream


class FrameError(ValueError):
    """The stream is not netstring framed (wrong port, or a corrupted connection)."""


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return str(len(body)).encode("ascii") + b":" + body + b","


class Decoder:
    """Feeds on raw bytes as they arrive and yields each complete JSON message."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer += data
        out: list[dict[str, Any]] = []
        while True:
            colon = self._buffer.find(b":")
            if colon < 0:
                if len(self._buffer) > 8:
                    raise FrameError("no length prefix")
                return out
            head = bytes(self._buffer[:colon])
            if not head.isdigit() or int(head) > MAX_FRAME:
                raise FrameError(f"bad length prefix {head[:12]!r}")
            size = int(head)
            end = colon + 1 + size
            if len(self._buffer) < end + 1:
                return out
            if self._buffer[end:end + 1] != b",":
                raise FrameError("missing the closing comma")
            body = bytes(self._buffer[colon + 1:end])
            del self._buffer[:end + 1]
            try:
                message = json.loads(body)
            except json.JSONDecodeError as exc:
                raise FrameError(f"not JSON: {exc.msg}") from None
            if isinstance(message, dict):
                out.append(message)
