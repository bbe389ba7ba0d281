"""The knowledge base: every topic is covered, and search works by Chinese words, English
words and pinyin initials, filtered by product category."""

from app.domain.pinyin import text_initials
from app.services.calls.knowledge import TOPICS, load_entries, search


def ids(hits) -> list[str]:
    return [h.entry.id for h in hits]


def test_every_topic_has_entries_in_chinese_and_english():
    entries = load_entries()
    assert {e.topic for e in entries} == set(TOPICS)
    assert all(e.question and e.question_en and e.answer and e.answer_en for e in entries)


def test_initials_come_from_the_one_pinyin_function():
    assert text_initials("鱼油什么时候吃") == "yysmshc"
    assert text_initials("Vitamin 维生素 D") == "vwssd"  # a Latin word gives its first letter
    assert text_initials("曾经") == "cj"  # céng in a phrase; only a surname reads zēng
    assert "wss" in next(e for e in load_entries() if "维生素" in e.question).initials


def test_search_by_chinese_words_puts_question_matches_first():
    hits = search("鱼油")
    assert ids(hits)[0] == "onset_fish_oil"
    assert set(ids(hits)) >= {"dose_fish_oil", "contra_fish_oil", "taste_fishy"}


def test_search_by_pinyin_initials():
    assert ids(search("yysmshc")) == ["dose_fish_oil"]  # 鱼油什么时候吃
    assert "contra_probiotics_antibiotics" in ids(search("kss"))  # 抗生素
    assert "special_pregnancy" in ids(search("yf"))  # 孕妇


def test_search_by_english_words_is_case_insensitive():
    assert ids(search("Out of stock"))[:2] == ["stock_out_general", "stock_out_baby"]


def test_all_terms_must_match():
    assert ids(search("孕妇 哺乳")) == ["special_pregnancy"]
    assert search("孕妇 蛋白粉") == []


def test_category_filter_keeps_general_entries_and_ranks_its_own_first():
    hits = ids(search("缺货", category="infant_formula"))
    assert hits[0] in ("stock_out_baby", "stock_out_general")
    assert "stock_out_baby" not in ids(search("断货", category="fish_oil"))
    assert all(e.topic == "onset" for e in (h.entry for h in search("", topic="onset")))
