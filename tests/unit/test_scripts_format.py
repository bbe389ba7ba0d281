"""Script files: the bundled ones load cleanly, and every kind of mistake is reported with
its file and line (unknown placeholder, dangling branch, duplicate id, bad lines)."""

from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.codes import ProductCategory, TaskReason
from app.services.calls.scripts import SCRIPTS_DIR, load_library

GOOD = """\
id: demo
version: 2
reasons: refill
categories: fish_oil
title: 演示
title.en: Demo

== opening opening | 开场 | Opening
say: {member_title}您好
  en: Hello {member_title}
ask ok yes_no: 还合适吗？
  en: Still right?
  if no -> help
== closing closing | 结束 | Closing
say: 再见
  en: Goodbye
== help branch | 帮助 | Help
say: 好的
  en: Fine
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, name: str = "bad.txt") -> list[str]:
    write(tmp_path / "scripts", name, text)
    return [str(e) for e in load_library(tmp_path / "scripts").errors]


def test_bundled_scripts_all_load_without_a_problem():
    library = load_library()
    assert library.errors == ()
    reasons = {r for s in library.scripts.values() for r in s.reasons}
    for needed in ("refill", "delivery_survey", "churn_risk", "revisit", "care_moment", "new_customer"):
        assert needed in reasons
    categories = {c for s in library.scripts.values() for c in s.categories}
    assert categories >= {"fish_oil", "vitamins", "protein_powder", "probiotics", "infant_formula", "baby_food"}


def test_every_bundled_script_has_the_call_structure_and_both_branches():
    for script in load_library().scripts.values():
        kinds = [s.kind.value for s in script.sections]
        assert kinds[0] == "opening", script.id
        assert "closing" in kinds and "layered" in kinds and "third_party" in kinds, script.id
        ids = {s.id for s in script.sections}
        assert {"complaint", "adverse", "adverse_mild", "adverse_severe"} <= ids, script.id
        types = {q.type.value for q in script.questions.values()}
        assert {"open", "scale", "yes_no", "choice"} <= types, script.id


def test_a_good_file_parses_with_english_text_and_branches(tmp_path):
    write(tmp_path / "scripts", "demo.txt", GOOD)
    library = load_library(tmp_path / "scripts")
    assert library.errors == ()
    script = library.scripts["demo"]
    question = script.questions["ok"]
    assert question.text.en == "Still right?"
    assert question.target_for(False) == "help"
    assert question.target_for(True) is None


def test_unknown_placeholder_names_file_and_line(tmp_path):
    found = problems(tmp_path, GOOD.replace("say: 再见", "say: 再见{nickname}"))
    assert found == ["scripts/bad.txt:15: unknown placeholder {nickname}"]


def test_dangling_branch_names_file_and_line(tmp_path):
    found = problems(tmp_path, GOOD.replace("if no -> help", "if no -> nowhere"))
    assert found == ["scripts/bad.txt:13: dangling branch: no section 'nowhere'"]


def test_duplicate_question_and_section_ids_are_reported(tmp_path):
    text = GOOD.replace("== help branch", "ask ok open: 再问一次\n  en: Again\n== help branch")
    text += "== closing closing | 重复 | Again\nsay: x\n  en: x\n"
    found = problems(tmp_path, text)
    assert "scripts/bad.txt:17: duplicate question id 'ok' (first at scripts/bad.txt:11)" in found
    assert any(p.startswith("scripts/bad.txt:") and "duplicate section id 'closing'" in p for p in found)


def test_duplicate_script_id_across_files_names_both(tmp_path):
    write(tmp_path / "scripts", "a.txt", GOOD)
    write(tmp_path / "scripts", "b.txt", GOOD)
    found = [str(e) for e in load_library(tmp_path / "scripts").errors]
    assert found == ["scripts/b.txt:1: duplicate script id 'demo' (also in scripts/a.txt:1)"]


@pytest.mark.parametrize("change, expected", [
    (("ask ok yes_no", "ask ok maybe"), "11: unknown question type 'maybe'"),
    (("if no -> help", "if 11 -> help"), "13: a yes/no question branches on 'yes' or 'no', not '11'"),
    (("  en: Goodbye\n", ""), "15: no English text"),
    (("reasons: refill", "reasons: gossip"), "1: unknown reason 'gossip'"),
    (("categories: fish_oil", "categories: candy"), "1: unknown product category 'candy'"),
    (("say: 好的", "shout: 好的"), "18: cannot read this line"),
    (("== help branch | 帮助 | Help", "include: nothing_here"), "17: unknown include 'nothing_here'"),
    (("== closing closing", "== closing finale"), "14: unknown section kind 'finale'"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path, change, expected):
    found = problems(tmp_path, GOOD.replace(*change))
    assert any(p.startswith("scripts/bad.txt:" + expected) for p in found), found


def test_missing_header_and_missing_closing_are_reported(tmp_path):
    text = GOOD.replace("title.en: Demo\n", "").split("== closing")[0]
    found = problems(tmp_path, text)
    assert "scripts/bad.txt:1: missing header line 'title.en: ...'" in found
    assert "scripts/bad.txt:1: no closing section" in found


def test_errors_in_an_included_file_name_that_file(tmp_path):
    folder = tmp_path / "scripts"
    write(folder / "_shared", "extra.txt", "== extra branch | 额外 | Extra\nsay: {oops}\n  en: x\n")
    write(folder, "demo.txt", GOOD + "include: extra\n")
    found = [str(e) for e in load_library(folder).errors]
    assert found == ["scripts/_shared/extra.txt:2: unknown placeholder {oops}"]


def test_scripts_check_command_prints_every_problem_and_fails(tmp_path, capsys):
    write(tmp_path / "scripts", "bad.txt", GOOD.replace("if no -> help", "if no -> nowhere"))
    assert main(["scripts", "check", "--dir", str(tmp_path / "scripts")]) == 1
    err = capsys.readouterr().err
    assert "scripts/bad.txt:13: dangling branch: no section 'nowhere'" in err


def test_scripts_check_command_passes_on_the_bundled_scripts(capsys):
    assert main(["scripts", "check"]) == 0
    assert f"{len(load_library().scripts)} scripts OK" in capsys.readouterr().out


def test_picking_prefers_the_category_script_then_the_reason_then_general():
    library = load_library(SCRIPTS_DIR)
    assert library.pick(["refill"], "fish_oil").id == "refill_fish_oil"
    assert library.pick(["refill"], "other").id == "refill"
    assert library.pick(["refill"], "baby_food").id == "refill_baby"
    assert library.pick(["delivery_survey", "refill"], "fish_oil").id == "delivery_survey"
    assert library.pick(["callback"], None).id == "general"
    for reason in TaskReason:
        for category in [*ProductCategory, None]:
            assert library.pick([reason.value], category) is not None
