"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, a collection starts on whichever thread allocates at that moment: on the
task runner's database thread it may destroy a Qt object of the GUI thread, whose
destructor takes Qt's connection lock and then waits for the GIL the GUI thread holds
while it waits for that lock (a deadlock seen in the test suite). So the automatic
collector is switched off and its rules are applied by a timer on the GUI thread.
"""

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
# CPython's own guard against quadratic full collections: the oldest generation is
# collected only once the objects promoted into it since the last full collection
# reach a quarter of those that survived it.
FULL_COLLECTION_RATIO = 0.25
# Process-wide, as the collector's state is: counted once, kept across instances.
_long_lived = {"total": None, "pending": 0}


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        if _long_lived["total"] is None:
            _long_lived["total"] = len(gc.get_objects(generation=2))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

    def check(self) -> None:
        """What the automatic collector would do now: the oldest generation due, if any.
        The thresholds are read each time: bulk work on the database thread raises the
        full collection's (app.services.collector)."""
        counts, threshold = gc.get_count(), gc.get_threshold()
        if counts[2] > threshold[2] and self._full_collection_due():
            gc.collect(2)
            _long_lived["total"] = len(gc.get_objects(generation=2))
            _long_lived["pending"] = 0
        elif counts[1] > threshold[1]:
            _long_lived["pending"] += len(gc.get_objects(generation=1))
            gc.collect(1)
        elif counts[0] > threshold[0]:
            gc.collect(0)

    def _full_collection_due(self) -> bool:
        return _long_lived["pending"] > _long_lived["total"] * FULL_COLLECTION_RATIO

    def stop(self) -> None:
        """Hand collection back to Python (tests, between which no worker thread runs)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
