"""Report test data: calls, ratings, indicators, tickets and tasks as direct ORM rows.

The shared factories make members, products and orders; these add the history a care
report prints. Also used by tests/bench/bench_reports.py and the screenshot script.
"""

import io
import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.data.tables import Call, EffectRating, FollowUpTask, HealthIndicator, Member, RefillRequest, Ticket
from app.domain.clock import Clock
from tests.support.factories import make_member, make_order, make_product, make_user


LOGO_SIZE = (96, 40)  # not the packaged logo's 256 x 256, so a PDF's image tells which one it is


def logo_png(size: tuple[int, int] = LOGO_SIZE) -> bytes:
    """A centre's own logo for the brand settings: a small red PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, format="PNG")
    return out.getvalue()


def add_call(session: Session, member: Member, *, at: datetime, agent_id: int | None = None,
             disposition: str = "reached", satisfaction: int | None = None, notes: str = "",
             adherence: str | None = None, effects: dict[str, int] | None = None,
             complaint_category: str | None = None, adverse_reaction: str = "none",
             remaining_days: int | None = None, task_id: int | None = None, wrap_seconds: int | None = 60,
             recommendation: str | None = None) -> Call:
    call = Call(
        client_id=str(uuid.uuid4()), task_id=task_id, member_id=member.id, agent_id=agent_id, channel="phone",
        started_at=at, ended_at=at + timedelta(minutes=5), saved_at=at + timedelta(minutes=6),
        wrap_seconds=wrap_seconds, disposition=disposition, satisfaction=satisfaction, adherence=adherence,
        remaining_days=remaining_days, complaint_category=complaint_category, adverse_reaction=adverse_reaction,
        answers={}, notes=notes, recommendation=recommendation,
    )
    for dimension, score in (effects or {}).items():
        call.effects.append(EffectRating(member_id=member.id, dimension=dimension, score=score))
    session.add(call)
    session.flush()
    return call


def add_indicator(session: Session, member: Member, name: str, value: float, unit: str, at: datetime) -> None:
    session.add(HealthIndicator(member_id=member.id, name=name, value=value, unit=unit, measured_at=at))
    session.flush()


def add_task(session: Session, member: Member, *, reason: str, due_at: datetime, status: str = "open",
             product_id: int | None = None) -> FollowUpTask:
    task = FollowUpTask(member_id=member.id, reason=reason, status=status, due_at=due_at, product_id=product_id,
                        created_at=due_at - timedelta(days=5), detail={})
    session.add(task)
    session.flush()
    return task


def add_ticket(session: Session, member: Member, *, opened_at: datetime, category: str = "logistics",
               department: str = "logistics", severity: str = "normal", resolved_after: timedelta | None = None,
               call_id: int | None = None, repeat: bool = False) -> Ticket:
    sla = timedelta(hours=2 if severity == "urgent" else 24)
    ticket = Ticket(
        member_id=member.id, call_id=call_id, category=category, severity=severity, department=department,
        status="resolved" if resolved_after is not None else "open", description="", opened_at=opened_at,
        sla_due_at=opened_at + sla, resolved_at=opened_at + resolved_after if resolved_after is not None else None,
        repeat_complaint=repeat,
    )
    session.add(ticket)
    session.flush()
    return ticket


def add_refill(session: Session, member: Member, *, at: datetime, call_id: int | None = None) -> None:
    session.add(RefillRequest(member_id=member.id, call_id=call_id, created_at=at))
    session.flush()


# Agents' internal notes: symptoms, family, what was said. Never printed for the member.
NOTES = [
    "会员反馈服用三周后精力明显改善，午后不再犯困。建议继续随早餐服用，每日1粒。",
    "睡眠质量有提升，夜醒次数减少。提醒晚间避免咖啡因，保持规律作息。",
    "偶有漏服，已建议设置手机提醒；会员对物流速度满意。",
    "会员询问能否与益生菌同服，已说明可间隔30分钟服用，并推荐预约营养师做个性化方案。",
]


# What the care team writes for the member to read (the outcome's recommendation field).
RECOMMENDATIONS = [
    "建议继续随早餐服用，每日1粒，三个月后再做一次评估。",
    "晚间避免咖啡因，保持规律作息，睡前一小时不看手机。",
    "设置手机提醒固定服用时间，减少漏服。",
    "益生菌与鱼油可间隔30分钟服用；欢迎预约营养师制定个性化方案。",
]


def rich_member(session: Session, clock: Clock, *, name: str = "王秀英", tier: str = "gold",
                language: str = "zh", owner_name: str | None = "李慧", months: int = 6,
                phone: str = "+8613812345678", agent_id: int | None = None, product_names=None) -> Member:
    """A VIP member with months of purchases, reached calls with ratings and notes, indicators, a next task."""
    now = clock.now()
    owner = make_user(session, f"cm{uuid.uuid4().hex[:6]}", at=now) if owner_name else None
    if owner is not None:
        from app.data.tables import User

        session.get(User, owner.id).display_name = owner_name
    member = make_member(session, at=now - timedelta(days=400), name=name, tier=tier, language=language,
                         owner_id=owner.id if owner else None, phone=phone)
    names = product_names or ["深海鱼油软胶囊 500mg", "益生菌固体饮料（儿童及成人适用）每盒30袋"]
    products = [make_product(session, name=n, pack_days=30) for n in names]
    agent = agent_id if agent_id is not None else (owner.id if owner else None)
    for m in range(months, 0, -1):
        day = now - timedelta(days=30 * m + 3)
        for i, product in enumerate(products):
            if i == 0 or m % 2 == 0:  # the second product is bought every other month
                make_order(session, member, product, ordered_at=day + timedelta(days=i))
        add_call(session, member, at=day + timedelta(days=20), agent_id=agent, satisfaction=7 + m % 3,
                 adherence="as_directed" if m % 3 else "irregular", notes=NOTES[m % len(NOTES)],
                 recommendation=RECOMMENDATIONS[m % len(RECOMMENDATIONS)],
                 effects={"energy": 5 + (months - m) // 2, "sleep": 4 + (months - m) % 4, "mood": 6 + m % 2},
                 wrap_seconds=45 + 10 * m)
        add_indicator(session, member, "hemoglobin", 108 + 2.5 * (months - m), "g/L", day + timedelta(days=10))
    add_call(session, member, at=now - timedelta(days=2), agent_id=agent, disposition="no_answer", wrap_seconds=10)
    add_task(session, member, reason="refill", due_at=now + timedelta(days=6), product_id=products[0].id)
    return member


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂英", "志强", "建华", "丽娟", "海燕", "文博", "子涵", "雨桐", "国平", "晓梅", "俊杰"]
CATEGORIES = ["logistics", "quality", "usage", "service", "stock_out", "counterfeit"]
DEPARTMENT = {"logistics": "logistics", "quality": "quality", "usage": "service", "service": "service",
              "stock_out": "supply_chain", "counterfeit": "technology"}


def populate(session: Session, clock: Clock, *, members: int, agents: int = 6, seed: int = 7) -> list[int]:
    """A call centre's worth of VIP members with months of history; returns the member ids."""
    import random

    rng = random.Random(seed)
    now = clock.now()
    staff = [make_user(session, f"{SURNAMES[i]}{GIVEN[i]}", at=now) for i in range(agents)]
    products = [make_product(session, name=n, pack_days=30) for n in (
        "深海鱼油软胶囊 500mg", "益生菌固体饮料 30袋", "乳清蛋白粉 900g", "复合维生素片 60片", "钙铁锌儿童咀嚼片")]
    ids = []
    for i in range(members):
        name = SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))]
        owner = staff[i % agents]
        member = make_member(session, at=now - timedelta(days=400), name=name, tier=rng.choice(["gold", "diamond"]),
                             owner_id=owner.id, phone=f"+86139{i:08d}", language="en" if i % 10 == 9 else "zh")
        bought = rng.sample(products, rng.randint(1, 2))
        for m in range(6, 0, -1):
            day = now - timedelta(days=30 * m + rng.randint(0, 9))
            for product in bought:
                if rng.random() < 0.8:
                    make_order(session, member, product, ordered_at=day)
            reached = rng.random() < 0.78
            agent = owner if rng.random() < 0.7 else rng.choice(staff)
            complaint = rng.choice(CATEGORIES) if reached and rng.random() < 0.12 else None
            call = add_call(
                session, member, at=day + timedelta(days=rng.randint(3, 29), hours=rng.randint(0, 8)), agent_id=agent.id,
                disposition="reached" if reached else rng.choice(["no_answer", "busy"]),
                satisfaction=rng.randint(6, 10) if reached else None,
                adherence=rng.choice(["as_directed", "as_directed", "irregular"]) if reached else None,
                notes=rng.choice(NOTES) if reached else "", complaint_category=complaint,
                recommendation=rng.choice(RECOMMENDATIONS) if reached else None,
                effects={d: rng.randint(4, 9) for d in ("energy", "sleep", "mood")} if reached else None,
                wrap_seconds=rng.randint(30, 150),
            )
            if complaint:
                add_ticket(session, member, opened_at=call.started_at + timedelta(minutes=10), category=complaint,
                           department=DEPARTMENT[complaint], call_id=call.id,
                           severity="urgent" if rng.random() < 0.25 else "normal",
                           resolved_after=timedelta(hours=rng.choice([1, 3, 12, 20, 30])), repeat=rng.random() < 0.2)
            add_indicator(session, member, "hemoglobin", round(rng.uniform(105, 135), 1), "g/L", day)
        add_task(session, member, reason=rng.choice(["refill", "cadence", "effect_check"]),
                 due_at=now + timedelta(days=rng.randint(1, 20)))
        ids.append(member.id)
    return ids
