"""What every import kind shares: the run's connection and clock, the columns the file
holds (a column the file lacks never overwrites a stored value), and the batch protocol."""

from array import array

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.services.imports.result import ImportResult, RowError

Batch = list[tuple[int, dict[str, str]]]  # (row number, values by contract column)


class Importer:
    def __init__(self, session: Session, clock: Clock, present: set[str], result: ImportResult) -> None:
        self.session = session
        self.conn = session.connection()
        self.clock = clock
        self.today = clock.today()
        self.present = present
        self.result = result
        self.start()

    def start(self) -> None:
        """Load what the whole run needs (small reference tables)."""

    # parse() touches no database and no state write() reads, so the run may parse the next
    # batch on another thread while this one is written (see imports.ahead).
    PARSE_AHEAD = False

    def parse(self, rows: Batch) -> tuple[list, list[RowError]]:
        """Each row's values read by the rules alone (no database): the parsed rows and the refused."""
        raise NotImplementedError

    def write(self, parsed: list) -> list[RowError]:
        """The parsed rows checked against the database and written; the rows refused."""
        raise NotImplementedError

    def finish(self) -> None:
        """Work done once after the last batch (totals, aggregates)."""


class RowsById:
    """Row numbers by primary key, 4 bytes a key in pages of 256 keys: the bookkeeping of a
    run (which order or line a row already set) stays small however long the file is."""

    _SHIFT = 8
    _MASK = (1 << _SHIFT) - 1

    def __init__(self) -> None:
        self._pages: dict[int, array] = {}

    def get(self, key: int) -> int:
        """The row that set `key` in this run, 0 when none did."""
        page = self._pages.get(key >> self._SHIFT)
        return 0 if page is None else page[key & self._MASK]

    def set(self, key: int, row: int) -> None:
        page = self._pages.get(key >> self._SHIFT)
        if page is None:
            page = self._pages[key >> self._SHIFT] = array("i", bytes(4 << self._SHIFT))
        page[key & self._MASK] = row
