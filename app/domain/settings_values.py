"""Settings dataclasses to and from plain values: what an admin types ("09:00", "24h", "3")
and what the settings table stores as JSON. Pure; each field's type says how to read it."""

import base64
import dataclasses
import re
from datetime import time, timedelta
from typing import Any, TypeVar, get_args, get_origin

T = TypeVar("T")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class SettingError(ValueError):
    """A value that does not fit its setting; the message says what would."""


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit in ("d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def parse_duration(text: str) -> timedelta:
    match = _DURATION.match(str(text))
    if not match:
        raise SettingError(f"not a duration like 30m, 24h or 7d: {text!r}")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def _parse(kind: Any, raw: Any, name: str) -> Any:
    try:
        if kind is time:
            if isinstance(raw, time):
                return raw
            hours, minutes = str(raw).strip().split(":")
            return time(int(hours), int(minutes))
        if kind is timedelta:
            return raw if isinstance(raw, timedelta) else parse_duration(raw)
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text not in ("true", "false", "yes", "no", "1", "0"):
                raise SettingError(f"{name}: not true or false: {raw!r}")
            return text in ("true", "yes", "1")
        if kind is int:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(str(raw).strip()) if not isinstance(raw, (int, float)) else int(raw)
        if kind is float:
            return float(raw)
        if kind is str:
            return str(raw)
        if kind is bytes:  # a file's contents: bytes as given, base64 text as stored in JSON
            if isinstance(raw, (bytes, bytearray)):
                return bytes(raw)
            return base64.b64decode(str(raw), validate=True)
        if get_origin(kind) is tuple:
            items = raw if isinstance(raw, (list, tuple)) else [p.strip() for p in str(raw).split(",")]
            inner = get_args(kind)[0]
            return tuple(_parse(inner, item, name) for item in items if item != "")
    except SettingError:
        raise
    except (TypeError, ValueError):  # binascii.Error is a ValueError
        pass
    shown = repr(raw) if len(repr(raw)) <= 40 else repr(raw)[:37] + "..."  # a logo's base64 is long
    raise SettingError(f"{name}: {shown} is not a valid {getattr(kind, '__name__', kind)}")


def _encode(value: Any) -> Any:
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def parse_value(cls: type, name: str, raw: Any) -> Any:
    """One field's value from what was typed or stored; SettingError when it does not fit."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if name not in fields:
        raise SettingError(f"no setting {name!r}; known: {', '.join(fields)}")
    return _parse(fields[name].type, raw, name)


def to_plain(settings: Any, *, only: set[str] | None = None) -> dict[str, Any]:
    """The settings as JSON-ready values (every field, or `only` those)."""
    return {f.name: _encode(getattr(settings, f.name)) for f in dataclasses.fields(settings)
            if only is None or f.name in only}


def overlay(defaults: T, stored: dict[str, Any]) -> T:
    """`defaults` with the stored values over them; a stored key no longer known is ignored,
    a stored value that no longer fits falls back to the default."""
    known = set(field_names(type(defaults)))
    changes = {}
    for name, raw in stored.items():
        if name in known:
            try:
                changes[name] = parse_value(type(defaults), name, raw)
            except SettingError:
                continue
    return dataclasses.replace(defaults, **changes)
