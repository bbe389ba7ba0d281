"""Scripts chosen and rendered for real tasks on both engines: every script against
demo-like members and every demo product, in Chinese and English, with no raw placeholder."""

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.data.tables import Member, Ticket
from app.domain.codes import TaskReason
from app.domain.scripts import PLACEHOLDER
from app.services.queue import upsert_task
from app.services.calls.scripts import load_library, script_for_task
from tests.support.factories import make_member, make_order, make_product, make_user

DEMO_PRODUCTS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "products.json"
# Name shapes a call centre meets: common, compound surname, unknown gender, Latin script, empty.
MEMBERS = [("王秀英", "F"), ("欧阳建国", "M"), ("李想", None), ("Anna Schmidt", "F"), ("", None)]


def all_text(rendered) -> list[str]:
    out = [rendered.title]
    for section in rendered.sections:
        out.append(section.title)
        for item in section.items:
            out.append(item.text)
            out.extend(label for _, label in getattr(item, "options", ()))
    return out


def demo_products() -> list[dict]:
    return json.loads(DEMO_PRODUCTS.read_text(encoding="utf-8"))["products"]


def test_every_script_renders_for_demo_members_and_products_without_raw_placeholders(db, clock):
    now = clock.now()
    tasks: list[int] = []
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        products = [make_product(s, p["sku"], name=p["name"], category=p["category"], pack_days=p["pack_days"],
                                 daily_dose=p["daily_dose"], dosage=p["dosage"]) for p in demo_products()]
        for i, product in enumerate(products):
            name, gender = MEMBERS[i % len(MEMBERS)]
            member = make_member(s, at=now - timedelta(days=200), name=name, phone=f"+86138{i:08d}",
                                 tier=["standard", "silver", "gold", "diamond"][i % 4])
            member.gender = gender
            with_order = i % 3 != 2  # some members have no order at all: values fall back
            order = make_order(s, member, product, ordered_at=now - timedelta(days=20)) if with_order else None
            ticket = Ticket(member_id=member.id, category="logistics", severity="normal", department="logistics",
                            status="resolved", opened_at=now, sla_due_at=now + timedelta(hours=24))
            s.add(ticket)
            s.flush()
            for reason in TaskReason:
                task = upsert_task(
                    s, clock, member_id=member.id, reason=reason.value, due_at=now,
                    product_id=product.id if with_order else None, order_id=order.id if order else None,
                    ticket_id=ticket.id if reason is TaskReason.REVISIT else None,
                    detail={"moment": "端午节", "moment_en": "the Dragon Boat Festival"}
                    if reason is TaskReason.CARE_MOMENT else {},
                )
                tasks.append(task.id)
    used = set()
    for task_id in tasks:
        for lang in ("zh", "en"):
            chosen = script_for_task(db, agent, clock, task_id, lang=lang)
            used.add(chosen.script_id)
            for text in all_text(chosen.rendered):
                assert not PLACEHOLDER.search(text), (chosen.script_id, lang, text)
                assert text.strip()
    # follow-up scripts serve only their follow-ups (tests/calls/test_scripts.py covers them)
    assert used == {s.id for s in load_library().scripts.values() if not s.follows}


def test_rendered_opening_uses_the_members_own_data(db, clock):
    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        product = make_product(s, "FO1", name="深海鱼油软胶囊 500mg", daily_dose="1粒", dosage="500mg，每日1粒")
        member = make_member(s, at=now, name="欧阳娜娜")
        order = make_order(s, member, product, ordered_at=now - timedelta(days=25))
        task = upsert_task(s, clock, member_id=member.id, reason="refill", due_at=now, product_id=product.id,
                           order_id=order.id, detail={"days_left": 5})
    zh = script_for_task(db, agent, clock, task.id)
    assert (zh.script_id, zh.category, zh.version) == ("refill_fish_oil", "fish_oil", "1")
    opening = zh.rendered.sections[0].items
    assert opening[0].text.startswith("欧阳女士您好，我是安康会员关怀中心的健康顾问li，")
    assert opening[1].text == "我看到您5月21日选的是深海鱼油软胶囊 500mg（500mg，每日1粒），每天1粒现在还合适吗？"
    en = script_for_task(db, agent, clock, task.id, lang="en")
    assert en.rendered.sections[0].items[0].text.startswith("Hello Ms Ouyang, this is li from AnKang Member Care")
    assert "on 21 May" in en.rendered.sections[0].items[1].text


def test_a_callback_task_is_scripted_by_the_reasons_it_carried(db, clock):
    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        member = make_member(s, at=now)
        task = upsert_task(s, clock, member_id=member.id, reason="callback", due_at=now, assigned_agent_id=agent.id,
                           detail={"reasons": ["delivery_survey"]})
    assert script_for_task(db, agent, clock, task.id).script_id == "delivery_survey"
    with db.session() as s:
        assert s.scalar(select(Member.name)) == "王秀英"
