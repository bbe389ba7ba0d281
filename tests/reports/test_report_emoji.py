"""Emoji in report PDFs: inline pictures drawn from the shipped emoji font, the text around them intact."""

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app.domain.clock import Clock
from app.reports.base import esc
from app.reports.emoji_images import glyph, segments, shorten
from app.reports.member import render_member_report
from app.reports.summary import render_summary_report
from app.services.reports import member_report_data, parse_period, summary_report_data
from app.services.users import SYSTEM
from tests.reports.builders import add_call, rich_member
from tests.reports.pdfcheck import assert_fonts_embedded, pdf_text, reader
from tests.support.factories import make_member, make_user

RECOMMENDATION = "多喝水👍🏽，全家👨‍👩‍👧一起运动🇨🇳，每日1️⃣次。"
ALL_KINDS = ["😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "1️⃣"]  # plain, skin tone, ZWJ family, flag, keycap


def old_esc(value: object) -> str:
    """esc as it was before emoji pictures."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def image_draws(pdf: bytes) -> Counter:
    """How often each image is drawn, over all pages, keyed by (name, pixel size)."""
    draws: Counter = Counter()
    for page in reader(pdf).pages:
        sizes = {image.name.rsplit(".", 1)[0]: image.image.size for image in page.images}
        for name in re.findall(rb"/(\S+) Do", page.get_contents().get_data()):
            draws[(name.decode(), sizes[name.decode()])] += 1
    return draws


def test_member_report_draws_each_emoji_as_one_picture_and_keeps_the_chinese(db, clock):
    with db.session() as s:
        member = rich_member(s, clock, name="王😀秀英", months=2)
        add_call(s, member, at=clock.now() - timedelta(days=1), notes="会员很开心😀",
                 recommendation=RECOMMENDATION)
        member_id = member.id
    pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    pages = len(reader(pdf).pages)
    one_emoji = Image.open(glyph("😀").path).size
    emoji_draws = {key: n for key, n in image_draws(pdf).items() if key[1] == one_emoji}
    # Five distinct pictures, each one glyph wide: no sequence was split into its parts.
    # The name's 😀 is on the cover and in every page's footer; the recommendation's once each.
    assert sorted(emoji_draws.values()) == [1, 1, 1, 1, 1 + pages]
    text = pdf_text(pdf)
    assert "王秀英" in text and "多喝水，全家一起运动，每日次。" in text
    assert "会员很开心" not in text  # an agent's note still never reaches the member
    assert_fonts_embedded(pdf)


def test_summary_prints_an_agents_emoji_in_the_table_and_leaves_it_out_of_the_chart(db):
    clock = Clock.fixed(date(2026, 6, 30), time(20, 0), tz=ZoneInfo("Asia/Shanghai"))
    with db.session() as s:
        boss = make_user(s, "boss", role="supervisor", at=clock.now())
        member = make_member(s, at=clock.now(), tier="gold")
        for name in ("张三🌟", "李四"):
            agent = make_user(s, name, at=clock.now())
            add_call(s, member, at=datetime(2026, 6, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")), agent_id=agent.id,
                     satisfaction=9)
    pdf = render_summary_report(summary_report_data(db, boss, clock, parse_period("2026-06")))
    star = Image.open(glyph("🌟").path).size
    assert sum(n for (_, size), n in image_draws(pdf).items() if size == star) == 1  # the table's cell
    text = pdf_text(pdf)
    assert text.count("张三") == 2
    assert "\x00" not in text  # a character the font lacks (a box on the page) reads back as NUL
    assert_fonts_embedded(pdf)


def test_every_kind_of_sequence_is_one_run():
    text = "王" + "".join(ALL_KINDS) + "秀英"
    assert [run for run, is_emoji in segments(text) if is_emoji] == ALL_KINDS
    assert "".join(run for run, _ in segments(text)) == text


def test_emoji_picture_is_sized_by_the_font_size_and_sits_on_the_baseline():
    def attributes(markup: str) -> dict[str, float]:
        return {k: float(v) for k, v in re.findall(r'(width|height|valign)="([-\d.]+)"', markup)}

    small, large = attributes(esc("😀", 10)), attributes(esc("😀", 20))
    assert all(abs(large[k] - 2 * small[k]) < 0.02 for k in ("width", "height", "valign"))
    assert 10 < small["height"] < 13  # the font's ascent plus descent, about 1.2 em
    assert -3.5 < small["valign"] < -1.5  # bottom at the descent: the emoji stands on the baseline


def test_text_without_emoji_gives_the_markup_it_always_did():
    texts = ["王秀英", "a & b <b>bold</b> > c", "© 2026 CareDesk™", "☺ ❤︎", "500mg（儿童及成人适用）", "#1 *", ""]
    for text in texts:
        assert esc(text, 10) == old_esc(text), text


@given(st.text(st.characters(blacklist_categories=("Cs", "So", "Sk", "Mn", "Me", "Cf"))))
def test_any_text_without_symbols_gives_the_markup_it_always_did(text):
    assert esc(text, 9) == old_esc(text)


def test_emoji_the_font_lacks_stays_text():
    assert esc("🫩 & 😀", 10).startswith("🫩 &amp; <img ")  # Emoji 16 is newer than the shipped font


def test_an_unwritable_cache_prints_the_text_instead(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(tmp_path))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "emoji").write_text("not a folder")
    assert esc("好😀", 10) == "好😀"


def test_pictures_are_cached_once_and_written_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(tmp_path))
    first = glyph("🇨🇳")
    stamp = first.path.stat().st_mtime_ns
    assert first.path.name == "1f1e8-1f1f3.png"
    link = tmp_path.parent / f"{tmp_path.name}-link"
    link.symlink_to(tmp_path)
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(link))  # the same folder by another name: found, not redrawn
    again = glyph("🇨🇳")
    assert again is not first and again.path.stat().st_mtime_ns == stamp
    assert [p.suffix for p in first.path.parent.iterdir()] == [".png"]  # no temporary file left behind


def test_shorten_never_cuts_inside_an_emoji():
    name = "欧阳" * 7 + "👨‍👩‍👧" + "雪"
    assert shorten(name, 16) == "欧阳" * 7 + "👨‍👩‍👧" + "雪"
    assert shorten(name, 15) == "欧阳" * 7 + "..."
    assert shorten("王秀英", 16) == "王秀英"
