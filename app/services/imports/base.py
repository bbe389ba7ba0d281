"""What every import kind shares: the run's connection and clock, the columns the file
holds (a column the file lacks never overwrites a stored value), and the batch protocol."""

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

    def batch(self, rows: Batch) -> list[RowError]:
        """Check and write one batch; the rows refused, with their reasons."""
        raise NotImplementedError

    def finish(self) -> None:
        """Work done once after the last batch (totals, aggregates)."""
