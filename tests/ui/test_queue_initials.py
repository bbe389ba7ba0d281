"""The queue's search box reads initials from the one pinyin function: 曾志伟 is zzw, not czw."""

from types import SimpleNamespace

from tests.ui.test_queue_model import _item
from ui.queue import panel
from ui.queue.model import Column, QueueModel
from ui.queue.panel import QueueFilter, load_queue


def test_queue_search_finds_surnames_and_latin_names_by_their_initials(qtbot, clock, monkeypatch):
    items = [_item(1, "曾志伟", "138****5678", ("refill",)), _item(2, "Emily Chen", "139****1234", ("refill",)),
             _item(3, "曹志伟", "137****0001", ("refill",))]
    monkeypatch.setattr(panel, "show_queue", lambda *a, **k: items)
    rows = load_queue(SimpleNamespace(language="zh", db=None, actor=None, clock=clock))
    assert [r.initials for r in rows] == ["zzw", "ec", "czw"]

    model = QueueModel(clock)
    model.set_rows(rows)
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    for typed, expected in (("zzw", ["曾志伟"]), ("ec", ["Emily Chen"]), ("czw", ["曹志伟"])):
        proxy.set_text(typed)
        assert [proxy.index(r, Column.MEMBER).data() for r in range(proxy.rowCount())] == expected
