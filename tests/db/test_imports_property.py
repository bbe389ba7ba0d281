"""Property tests (hypothesis): whatever a malformed row holds, the importer neither crashes
nor lets it in; arbitrary text in every cell only ever ends as a counted row."""

import csv
import io
import string

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from app.data.tables import Member, Order, OrderLine
from app.services import imports
from app.services.users import SYSTEM
from app.services.imports.values import CHANNELS

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
VALID = {"order_id": "O1", "member_external_id": "C001", "sku": "FO-500", "quantity": "1", "amount": "198.00",
         "ordered_at": "2026-06-01 09:30", "delivered_at": "", "channel": "app", "batch": "", "refunded": ""}
COLUMNS = imports.COLUMNS["orders"]
noise = st.text(st.characters(codec="utf-8"), max_size=12)
letters = st.text(string.ascii_letters + "一二三", min_size=1, max_size=8)


def _bad_year(y: int) -> str:
    return f"{y:04d}-06-01 09:30"


BAD = {
    "order_id": st.one_of(st.just(""), st.text(min_size=65, max_size=80).filter(lambda t: len(t.strip()) > 64),
                          noise.map(lambda t: t + "\x00")),
    "member_external_id": st.one_of(noise.map(lambda t: "unknown-" + t), st.just("C0\x0001")),
    "sku": noise.map(lambda t: "NO-" + t),
    "quantity": st.one_of(st.integers(max_value=0), st.integers(min_value=10_000), letters),
    "amount": st.one_of(st.integers(max_value=-1).map(str), st.decimals(min_value=0, max_value=999, places=3)
                        .filter(lambda d: d != d.quantize(1)).map(lambda d: f"{d:.3f}").filter(lambda t: t[-1] != "0"),
                        letters),
    "ordered_at": st.one_of(st.integers(1, 1899).map(_bad_year), st.integers(2028, 9999).map(_bad_year), letters,
                            st.just(""), st.just("2026-13-01"), st.just("2026-02-30 09:30")),
    "delivered_at": st.one_of(st.just("2026-05-31 09:30"), st.integers(2028, 9999).map(_bad_year), letters),
    "channel": letters.filter(lambda t: t.lower() not in CHANNELS),
    "refunded": st.one_of(st.integers(max_value=-1).map(str), letters),
}


@st.composite
def malformed_row(draw) -> list[str]:
    row = dict(VALID)
    row["order_id"] = "O" + str(draw(st.integers(1, 10**6)))
    for column in draw(st.lists(st.sampled_from(sorted(BAD)), min_size=1, max_size=3, unique=True)):
        row[column] = draw(BAD[column])
    fields = [row[c] for c in COLUMNS]
    if draw(st.booleans()) and draw(st.booleans()):
        fields = fields[:draw(st.integers(0, len(fields) - 1))] if draw(st.booleans()) else fields + ["x"]
    return fields


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def _reference(db, clock, tmp_path) -> None:
    (tmp_path / "p.csv").write_text("sku,name,category,pack_days\nFO-500,鱼油,fish_oil,30\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("external_id,name,phone\nC001,王秀英,13812345678\n", encoding="utf-8")
    imports.import_file(db, SYSTEM, clock, kind="products", path=tmp_path / "p.csv")
    imports.import_file(db, SYSTEM, clock, kind="members", path=tmp_path / "m.csv")


def test_malformed_order_rows_never_crash_and_never_get_in(db, clock, tmp_path):
    _reference(db, clock, tmp_path)
    path = tmp_path / "orders.csv"

    @SETTINGS
    @given(st.lists(malformed_row(), min_size=1, max_size=8))
    def check(rows: list[list[str]]) -> None:
        path.write_bytes(_csv(rows))
        result = imports.import_file(db, SYSTEM, clock, kind="orders", path=path)
        assert result.created == result.updated == result.unchanged == 0, (rows, result.summary())
        assert result.failed == result.rows_read == sum(1 for r in rows if any(f.strip() for f in r))
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Order)) == 0
            assert s.scalar(select(func.count()).select_from(OrderLine)) == 0

    check()


def test_arbitrary_member_cells_end_as_counted_rows(db, clock, tmp_path):
    path = tmp_path / "members.csv"
    columns = imports.COLUMNS["members"]
    one_line = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12)  # rows = lines
    cells = st.one_of(one_line, st.sampled_from(["13812345678", "+86 139 1234 5679", "gold", "yes", "1980-03-14",
                                              "2026年11月23日", "0001-01-01", "9999-12-31", "\x00", "=1+1"]))

    @SETTINGS
    @given(st.lists(st.lists(cells, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=6))
    def check(rows: list[list[str]]) -> None:
        out = io.StringIO()
        csv.writer(out).writerows([list(columns), *rows])
        path.write_bytes(out.getvalue().encode("utf-8", errors="surrogatepass"))
        with db.session() as s:
            stored_before = set(s.scalars(select(Member.external_id)))
        result = imports.import_file(db, SYSTEM, clock, kind="members", path=path)
        assert result.rows_read == result.created + result.updated + result.unchanged + result.failed
        refused = {e.row for e in result.errors}
        ids = {line: row[0].strip() for line, row in enumerate(rows, start=2)}
        accepted = {ids[line] for line in ids if line not in refused}
        with db.session() as s:
            stored = set(s.scalars(select(Member.external_id)))
        assert len(stored) == len(stored_before) + result.created
        never_valid = {ids[line] for line in refused} - accepted - stored_before
        assert not never_valid & stored, never_valid & stored

    check()


# Cells near the edges of what the fast path takes: padded, full-width, out of range, broken.
EDGES = [
    "", " ", "1", "0012", "9999", "10000", "0", "１", "²", " 2 ", "198.00", "198.5", "198.005", "1,298.00", "¥198",
    "-5", "2026-06-01 09:30", "2026-06-01", " 2026-06-01 09:30", "2026/06/01", "2026-02-30", "1899-12-31",
    "9999-12-31", "2026-06-15 10:01", "2026-06-15 09:59", "2026-05-31 09:30", "FO-500", " FO-500", "NOPE", "C001",
    "C404", "app", " app", "APP", "天猫", "ebay", "a\x00", "a\ufffd", "x" * 41, "x" * 65, "O1\u3000"]


def _same_or_left(importer, values: dict[str, str]) -> None:
    quick = importer._quick(2, values)
    if quick is not None:  # taken without the parsers: the rules must take it, the same way
        assert quick == importer._parse(2, values), values


def test_the_fast_path_reads_a_row_as_the_rules_do_or_leaves_it_to_them(db, clock, tmp_path):
    from app.services.imports.orders import OrderImporter
    from app.services.imports.result import ImportResult

    _reference(db, clock, tmp_path)
    with db.session(write=True) as s:
        importer = OrderImporter(s, clock, set(COLUMNS), ImportResult("orders", "test"))
        for column in COLUMNS:  # every edge in every column, alone
            for cell in EDGES:
                _same_or_left(importer, {**VALID, column: cell})

        @SETTINGS
        @given(st.dictionaries(st.sampled_from(COLUMNS), st.one_of(st.sampled_from(EDGES), noise), max_size=4))
        def check(changes: dict[str, str]) -> None:
            _same_or_left(importer, {**VALID, **changes})

        check()
        s.rollback()
