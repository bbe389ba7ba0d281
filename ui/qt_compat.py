"""Keep PySide6 6.12 from crashing Python 3.11: pin the refcounts of None, True and False.

PySide6 6.12's wheels are compiled with the reference-count macros of a newer CPython,
where None, True and False are immortal: they hand them back without a new reference
(every void method, every `Signal.emit()`), and their own increments and decrements touch
only the low 32 bits of the count, skipping objects whose low half reads as negative
("immortal"). On 3.11 every such call drops a reference, and after some thousands the
interpreter aborts with "none_dealloc: deallocating None" or "bool_dealloc".

The fix here gives these singletons a count whose low half says "immortal" to the wheel's
macros and whose full value is out of reach of 3.11's own decrements. They are never freed
in a healthy process anyway. On 3.12+ nothing is done; the lasting fix is Python >= 3.12.
"""

import ctypes
import sys

# Low 32 bits 0xC0000000: negative as int32, the wheel's "immortal" mark (CPython 3.14's
# initial immortal count); high bits: billions of 3.11 decrements before anything changes.
_PINNED_COUNT = (1 << 40) | (3 << 30)
_pinned = False


def pin_singletons() -> bool:
    """Make None/True/False/Ellipsis/NotImplemented immortal on CPython < 3.12; True if done."""
    global _pinned
    if _pinned or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _pinned
    for obj in (None, True, False, Ellipsis, NotImplemented):
        cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of PyObject
        if cell.value != sys.getrefcount(obj) - 1:  # not the layout we know (a debug build): leave it
            return False
        cell.value = _PINNED_COUNT
    _pinned = True
    return True
