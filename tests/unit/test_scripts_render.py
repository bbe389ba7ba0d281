"""Rendering fills every placeholder (a fallback when a value is missing, never a raw
`{name}`), in Chinese and English; branches lead where the answers say."""

from app.domain.scripts import FALLBACKS, PLACEHOLDER, fill, path, render
from app.services.calls.scripts import load_library

FULL = {
    "zh": {"member_name": "王秀英", "member_title": "王女士", "agent_name": "李娜", "brand": "安康会员关怀中心",
           "hotline": "400-820-6688", "product": "深海鱼油软胶囊 500mg", "dosage": "500mg，每日1粒",
           "daily_dose": "1粒", "pack": "30天装", "order_when": "6月1日", "days_used": "14天",
           "days_left": "16天", "days_since": "90天", "tier": "金卡会员", "points": "1200 积分",
           "survey_points": "20", "moment": "端午节", "ticket_summary": "物流问题"},
}
FULL["en"] = {k: f"<{k}>" for k in FULL["zh"]}


def texts(rendered) -> list[str]:
    out = [rendered.title]
    for section in rendered.sections:
        out.append(section.title)
        for item in section.items:
            out.append(item.text)
            out.extend(label for _, label in getattr(item, "options", ()))
    return out


def test_every_script_renders_with_no_raw_placeholder_full_or_empty():
    for script in load_library().scripts.values():
        for lang in ("zh", "en"):
            for values in (FULL[lang], {}, {k: None for k in FULL[lang]}):
                rendered = render(script, values, lang=lang)
                for text in texts(rendered):
                    assert not PLACEHOLDER.search(text), (script.id, lang, text)
                    assert text.strip(), (script.id, lang)


def test_values_are_used_and_missing_ones_fall_back_politely():
    script = load_library().scripts["refill_fish_oil"]
    rendered = render(script, FULL["zh"], lang="zh")
    opening = rendered.sections[0]
    assert "我看到您6月1日选的是深海鱼油软胶囊 500mg（500mg，每日1粒），每天1粒现在还合适吗？" == opening.items[1].text
    bare = render(script, {"member_title": "王女士"}, lang="zh")
    assert "您购买的产品" in bare.sections[0].items[1].text
    assert "product" in bare.missing and "member_title" not in bare.missing
    english = render(script, {}, lang="en")
    assert english.sections[0].items[1].text.startswith("I see you chose the product you bought recently")


def test_fill_drops_an_unknown_placeholder_rather_than_reading_it_out():
    assert fill("你好{whatever}！", {}, "zh") == "你好！"
    assert set(FALLBACKS) >= {"product", "daily_dose", "member_title"}


def test_no_discomfort_and_a_good_score_follow_the_main_flow():
    script = load_library().scripts["refill_fish_oil"]
    answers = {"dose_ok": True, "satisfaction": 9, "fishy": "never", "discomfort": False}
    assert path(script, answers) == ["opening", "overall", "changes", "scenario", "observed", "supply", "closing"]


def test_discomfort_leads_to_grading_and_mild_to_relief_advice_then_back():
    script = load_library().scripts["refill"]
    answers = {"satisfaction": 8, "discomfort": True, "reaction_symptom": "stomach", "reaction_grade": "mild"}
    assert path(script, answers) == ["opening", "overall", "adverse", "adverse_mild", "changes", "scenario",
                                     "observed", "supply", "closing"]


def test_severe_reaction_goes_to_escalation_then_straight_to_closing():
    script = load_library().scripts["refill"]
    answers = {"discomfort": True, "reaction_symptom": "breathing"}
    assert path(script, answers) == ["opening", "overall", "adverse", "adverse_severe", "closing"]


def test_an_unhappy_score_opens_the_feel_felt_found_complaint_branch():
    script = load_library().scripts["delivery_survey"]
    visited = path(script, {"received_ok": True, "satisfaction": 3})
    assert visited[:3] == ["opening", "overall", "complaint"]
    complaint = render(script, {}, lang="en").sections[[s.id for s in script.sections].index("complaint")]
    lines = [i.text for i in complaint.items]
    assert lines[0].startswith("Feel:") and lines[1].startswith("Felt:") and lines[2].startswith("Found:")


def test_a_branch_to_a_main_section_jumps_over_the_rest():
    script = load_library().scripts["care_moment"]
    assert path(script, {"good_time": False}) == ["opening", "closing"]


def test_answer_types_are_checked_per_question():
    questions = load_library().scripts["refill"].questions
    assert questions["satisfaction"].check_answer(11) == "must be a whole number from 1 to 10, got 11"
    assert questions["discomfort"].check_answer("yes") == "must be true or false, got 'yes'"
    assert "is not one of" in questions["routine"].check_answer("sometimes")
    assert questions["changes"].check_answer("睡得更好") is None
