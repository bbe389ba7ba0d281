"""Scripts on demo-like data (every member has bought a demo product): every script for
every task kind renders with each placeholder filled from the member's own data, the
remaining days show as a number, a regular cadence call gets the cadence script and the
follow-up after a mild reaction names the product (both engines)."""

import json
import re
from datetime import timedelta
from pathlib import Path

from app.data.tables import Ticket
from app.domain.codes import TaskReason
from app.domain.scripts import MILD_REACTION
from app.services import calls
from app.services.calls.scripts import load_library, script_for_task
from app.services.queue import upsert_task
from tests.support.call_world import build_world, outcome
from tests.support.factories import make_member, make_order, make_product, make_user

DEMO_PRODUCTS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "products.json"
MEMBERS = [("王秀英", "F"), ("欧阳建国", "M"), ("Anna Schmidt", "F")]
# In English the demo's Chinese-only dose texts cannot be read out; the English words for
# "the recommended amount" are said instead (app.services.calls.scripts._zh_only).
EN_ONLY_FALLBACKS = {"dosage", "daily_dose"}


def rendered_text(rendered) -> str:
    parts = [rendered.title]
    for section in rendered.sections:
        parts.append(section.title)
        for item in section.items:
            parts.append(item.text)
            parts.extend(label for _, label in getattr(item, "options", ()))
    return "\n".join(parts)


def test_every_script_for_every_task_kind_fills_every_placeholder_on_demo_like_data(db, clock):
    now = clock.now()
    products = json.loads(DEMO_PRODUCTS.read_text(encoding="utf-8"))["products"]
    tasks: list[int] = []
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        for i, p in enumerate(products):
            product = make_product(s, p["sku"], name=p["name"], category=p["category"], pack_days=p["pack_days"],
                                   daily_dose=p["daily_dose"], dosage=p["dosage"])
            product.name_en = p["name_en"]
            name, gender = MEMBERS[i % len(MEMBERS)]
            member = make_member(s, at=now - timedelta(days=300), name=name, phone=f"+86139{i:08d}",
                                 tier=["standard", "silver", "gold", "diamond"][i % 4])
            member.gender = gender
            # some packs are used up already: their remaining days still read as a number
            order = make_order(s, member, product, ordered_at=now - timedelta(days=[20, 27, 90][i % 3]))
            ticket = Ticket(member_id=member.id, category="logistics", severity="normal", department="logistics",
                            status="resolved", opened_at=now, sla_due_at=now + timedelta(hours=24))
            s.add(ticket)
            s.flush()
            for reason in TaskReason:
                detail = {"moment": "端午节", "moment_en": "the Dragon Boat Festival"} \
                    if reason is TaskReason.CARE_MOMENT else {}
                task = upsert_task(s, clock, member_id=member.id, reason=reason.value, due_at=now,
                                   product_id=product.id, order_id=order.id, detail=detail,
                                   ticket_id=ticket.id if reason is TaskReason.REVISIT else None)
                tasks.append(task.id)
            follow = make_member(s, at=now - timedelta(days=300), name=name, phone=f"+86137{i:08d}")
            make_order(s, follow, product, ordered_at=now - timedelta(days=10))
            tasks.append(upsert_task(s, clock, member_id=follow.id, reason=TaskReason.EFFECT_CHECK.value, due_at=now,
                                     product_id=product.id, detail={"follow_up": MILD_REACTION}).id)
    used = set()
    for task_id in tasks:
        for lang in ("zh", "en"):
            chosen = script_for_task(db, agent, clock, task_id, lang=lang)
            used.add(chosen.script_id)
            allowed = EN_ONLY_FALLBACKS if lang == "en" else set()
            assert set(chosen.rendered.missing) <= allowed, (chosen.script_id, lang, chosen.rendered.missing)
            text = rendered_text(chosen.rendered)
            assert not re.search(r"\{[^{}]*\}", text), (chosen.script_id, lang)
            assert "还剩几天" not in text
            if "还剩" in text:
                assert re.search(r"还剩\d+天", text), text
    assert used == set(load_library().scripts)


def test_a_regular_cadence_call_gets_the_cadence_script_not_the_win_back_one(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        cadence = upsert_task(s, clock, member_id=w.member_id, reason="cadence", due_at=clock.now(),
                              product_id=w.product_id)
        cadence.priority = 999  # the member's most important task
        cadence_id = cadence.id
    with db.session(write=True) as s:
        from app.data.tables import FollowUpTask

        s.get(FollowUpTask, w.task_id).status = "done"
    chosen = script_for_task(db, w.agent, clock, cadence_id, lang="zh")
    assert chosen.script_id == "general" and chosen.rendered.title == "定期关怀回访"


def test_the_follow_up_after_a_mild_reaction_names_the_product(db, clock):
    w = build_world(db, clock)
    saved = calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                                 payload=outcome(satisfaction=7, adverse_reaction="mild"))
    follow_up = saved.created_task_ids[0]
    for lang, name in (("zh", "深海鱼油软胶囊 500mg"), ("en", "Deep-sea fish oil 500 mg")):
        chosen = script_for_task(db, w.agent, clock, follow_up, lang=lang)
        assert chosen.script_id == "mild_reaction"
        opening = chosen.rendered.sections[0].items[0].text
        assert name in opening and ("不适" in opening or "discomfort" in opening)
        assert chosen.rendered.missing == () or set(chosen.rendered.missing) <= EN_ONLY_FALLBACKS


def test_the_follow_up_names_the_product_even_when_the_call_was_not_about_one(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        from app.data.tables import FollowUpTask

        s.get(FollowUpTask, w.task_id).status = "done"
        cadence = upsert_task(s, clock, member_id=w.member_id, reason="cadence", due_at=clock.now()).id
    saved = calls.record_outcome(db, w.agent, clock, task_id=cadence,
                                 payload=outcome(satisfaction=8, adverse_reaction="mild"))
    chosen = script_for_task(db, w.agent, clock, saved.created_task_ids[0], lang="zh")
    assert "深海鱼油软胶囊 500mg" in chosen.rendered.sections[0].items[0].text
