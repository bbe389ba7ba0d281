"""The knowledge base at the agent's hand during a call: FAQ entries from resources/kb/,
searched by words (Chinese or English) and by pinyin initials ("fyfy" finds 鱼油服用...).

Initials come from app.domain.pinyin (the one pinyin-initials function), computed once per
entry when the base loads.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.domain.pinyin import text_initials

KB_DIR = Path(__file__).resolve().parents[3] / "resources" / "kb"
TOPICS = ("onset", "dose_timing", "contraindications", "taste_absorption", "special_populations", "stock_out")
_INITIALS_QUERY = re.compile(r"[a-z]{2,}")


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    categories: tuple[str, ...]
    question: str
    question_en: str
    answer: str
    answer_en: str
    keywords: tuple[str, ...]
    initials: str  # pinyin initials of the question and keywords, "|"-separated

    def applies_to(self, category: str | None) -> bool:
        return category is None or not self.categories or category in self.categories


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int


def _entry(raw: dict, source: str) -> Entry:
    missing = [k for k in ("id", "topic", "question", "question_en", "answer", "answer_en") if not raw.get(k)]
    if missing:
        raise ValueError(f"{source}: entry {raw.get('id', '?')!r} lacks {', '.join(missing)}")
    if raw["topic"] not in TOPICS:
        raise ValueError(f"{source}: entry {raw['id']!r} has unknown topic {raw['topic']!r}")
    keywords = tuple(raw.get("keywords", []))
    return Entry(
        id=raw["id"], topic=raw["topic"], categories=tuple(raw.get("categories", [])),
        question=raw["question"], question_en=raw["question_en"], answer=raw["answer"],
        answer_en=raw["answer_en"], keywords=keywords,
        initials="|".join([text_initials(raw["question"]), *(text_initials(k) for k in keywords)]),
    )


@lru_cache(maxsize=4)
def load_entries(directory: Path = KB_DIR) -> tuple[Entry, ...]:
    """Every entry of every *.toml file in `directory`; ValueError names a bad file/entry."""
    entries: list[Entry] = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries.extend(_entry(raw, path.name) for raw in data.get("entry", []))
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate knowledge base ids: {', '.join(duplicates)}")
    return tuple(entries)


def _term_score(entry: Entry, term: str) -> int:
    """How well one query term matches: the question counts most, then keywords, then the
    answer; an all-letter term may also be pinyin initials."""
    score = 0
    lower = term.lower()
    if lower in entry.question.lower() or lower in entry.question_en.lower():
        score += 3
    if any(lower in k.lower() for k in entry.keywords):
        score += 2
    if lower in entry.answer.lower() or lower in entry.answer_en.lower():
        score += 1
    if _INITIALS_QUERY.fullmatch(lower) and lower in entry.initials:
        score += 3
    return score


def search(query: str, *, category: str | None = None, topic: str | None = None, limit: int = 10) -> list[Hit]:
    """Entries matching every term of `query` (words or pinyin initials), best first.

    An empty query lists the entries for the category/topic, in file order.
    """
    terms = [t for t in re.split(r"[\s,，、?？]+", query.strip()) if t]
    hits: list[Hit] = []
    for entry in load_entries():
        if not entry.applies_to(category) or (topic is not None and entry.topic != topic):
            continue
        scores = [_term_score(entry, t) for t in terms]
        if all(scores):
            # Entries written for this very category come before the general ones.
            bonus = 1 if category is not None and category in entry.categories else 0
            hits.append(Hit(entry, sum(scores) + bonus))
    hits.sort(key=lambda h: -h.score)  # stable: file order among equals
    return hits[:limit]
