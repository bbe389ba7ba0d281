"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, a collection starts on whichever thread allocates at that moment: on the
task runner's database thread it may destroy a Qt object of the GUI thread, whose
destructor takes Qt's connection lock and then waits for the GIL the GUI thread holds
while it waits for that lock (a deadlock seen in the test suite). So the automatic
collector is switched off and the same thresholds are checked by a timer on the GUI thread.
"""

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

    def check(self) -> None:
        """What the automatic collector would do now: the oldest generation over its threshold."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Hand collection back to Python (tests, between which no worker thread runs)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
