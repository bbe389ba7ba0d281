"""Storage failures a user can act on: a full disk, a read-only file or folder, a file that is
not a CareDesk database, a file that cannot be read (a report logo that is not an image).
Told as such (CLI, desktop), never as a traceback.

SQLite reports them as OperationalError / DatabaseError with fixed texts (its result codes
SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_CORRUPT); the operating
system as OSError with ENOSPC, EROFS or EACCES (the data folder, the journal, a PDF).
"""

import errno
import socket
import sqlite3

_SQLITE = (
    ("database or disk is full", "full"),
    ("attempt to write a readonly database", "read_only"),
    ("unable to open database file", "read_only"),
    ("readonly database", "read_only"),
    ("file is not a database", "corrupt"),
    ("database disk image is malformed", "corrupt"),
)
_OS = {errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EROFS: "read_only", errno.EACCES: "read_only",
       errno.EPERM: "read_only"}
_NETWORK = (ConnectionError, TimeoutError, socket.gaierror, socket.herror)  # not files: the network's
MESSAGES = {
    "full": "the disk is full: nothing was saved; free some space and try again",
    "read_only": "cannot write the database file or its folder (read-only disk or no permission): nothing was saved",
    "corrupt": "the database file is damaged or is not a CareDesk database; restore it from a backup "
               "(the file copied aside before each upgrade is next to it)",
}


def storage_problem(error: BaseException) -> str | None:
    """"full", "read_only" or "corrupt" when `error` is one of these storage failures, else None."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:  # SQLAlchemy wraps the driver's error
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            text = str(current).lower()
            for needle, kind in _SQLITE:
                if needle in text:
                    return kind
        if isinstance(current, OSError) and current.errno in _OS:
            return _OS[current.errno]
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None


def storage_message(error: BaseException) -> str | None:
    """The message for a storage failure or a file that cannot be read or written (a report
    logo that is not an image, a missing folder), or None when `error` is something else."""
    kind = storage_problem(error)
    if kind:
        return MESSAGES[kind]
    current: BaseException | None = error
    for _ in range(5):  # reportlab and SQLAlchemy wrap the OSError they met
        if current is None:
            break
        if isinstance(current, OSError) and not isinstance(current, _NETWORK):
            reason = current.strerror or str(current).splitlines()[0]
            where = f" {current.filename}" if current.filename else ""
            return f"cannot use the file{where}: {reason}"
        current = current.__cause__ or current.__context__
    return None
