"""Call scripts for the call panel and the CLI: load and check every file in
resources/scripts/, pick the script for a task's reasons and product category, and render it
for one member, order and task with every placeholder filled.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import OPEN_TASK, FollowUpTask, Member, Order, OrderLine, Product, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import ProductCategory, TaskReason
from app.domain.pinyin import readings, surname_of
from app.domain.scripts import RenderedScript, Script, ScriptError, ScriptInvalid, render, validate
from app.domain.scripts_format import parse_script
from app.services.settings import report_brand
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound
from app.services import loyalty  # diamond trial offers (issue 17)
from app.services.loyalty import loyalty_settings

SCRIPTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "scripts"
SHARED = "_shared"
FALLBACK_SCRIPT = "general"
_CJK = re.compile(r"[\u3400-\u9fff]")
_TIER = {"zh": {"standard": "会员", "silver": "银卡会员", "gold": "金卡会员", "diamond": "钻石会员"},
         "en": {"standard": "member", "silver": "silver member", "gold": "gold member", "diamond": "diamond member"}}
_TICKET = {"zh": {"quality": "产品质量问题", "usage": "使用方法问题", "logistics": "物流问题", "service": "服务问题",
                  "stock_out": "缺货问题", "counterfeit": "防伪查询", "adverse_reaction": "服用后的不适"},
           "en": {"quality": "the product quality issue", "usage": "the question about usage",
                  "logistics": "the delivery issue", "service": "the service issue",
                  "stock_out": "the stock-out", "counterfeit": "the authenticity check",
                  "adverse_reaction": "the discomfort you reported"}}
# Placeholder values from other areas, added after CareDesk's own: a hook gets (session,
# clock, member, lang) and returns values by placeholder name (each name needs its fallback
# in app.domain.scripts.FALLBACKS). The loyalty programme adds its trial offers here.
ValueHook = Callable[[Session, Clock, Member, str], Mapping[str, str | None]]
VALUE_HOOKS: list[ValueHook] = []
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class Library:
    """The scripts that loaded cleanly, and every problem found (file:line: message)."""

    scripts: dict[str, Script]
    errors: tuple[ScriptError, ...]

    def pick(self, reasons: list[str], category: str | None, *, follow_up: str | None = None) -> Script:
        """The script for the first reason that has one: written for the task's follow-up
        (after a mild reaction) first, then category-specific before generic, then the
        script written for that reason first (the one listing it earliest: a regular
        cadence call gets the care script, not the win-back one that also covers it); the
        general script when none fits. Follow-up scripts serve only their follow-ups."""
        if follow_up:
            for reason in reasons[:1]:
                written = [s for s in self.scripts.values() if follow_up in s.follows and s.fits(reason, category)]
                if written:
                    return min(written, key=lambda s: (not s.categories, s.id))
        usual = [s for s in self.scripts.values() if not s.follows]
        for reason in reasons:
            specific = [s for s in usual if s.categories and s.fits(reason, category)]
            generic = [s for s in usual if not s.categories and s.fits(reason, category)]
            for candidates in (specific, generic):
                if candidates:
                    return min(candidates, key=lambda s: (s.reasons.index(reason), s.id))
        if FALLBACK_SCRIPT in self.scripts:
            return self.scripts[FALLBACK_SCRIPT]
        raise NotFound("no call script is available (check resources/scripts)")


def load_library(directory: Path = SCRIPTS_DIR) -> Library:
    """Every *.txt script in `directory` parsed and validated (no caching: `scripts check`
    and tests read the files as they are now)."""
    root = directory.parent

    def resolve(name: str) -> tuple[str, str]:
        path = directory / SHARED / f"{name}.txt"
        if not re.fullmatch(r"[A-Za-z0-9_]+", name) or not path.is_file():
            raise KeyError(name)
        return str(path.relative_to(root)), path.read_text(encoding="utf-8")

    scripts: dict[str, Script] = {}
    errors: list[ScriptError] = []
    reasons = [r.value for r in TaskReason]
    categories = [c.value for c in ProductCategory]
    for path in sorted(directory.glob("*.txt")):
        shown = str(path.relative_to(root))
        script, found = parse_script(path.read_text(encoding="utf-8"), path=shown, resolve=resolve)
        if script is not None:
            found += validate(script, known_reasons=reasons, known_categories=categories)
            if script.id in scripts:
                found.append(ScriptError(script.origin, f"duplicate script id {script.id!r} "
                                                        f"(also in {scripts[script.id].origin})"))
        errors.extend(found)
        if script is not None and not found:
            scripts[script.id] = script
    return Library(scripts, tuple(errors))


@lru_cache(maxsize=4)
def library(directory: Path = SCRIPTS_DIR) -> Library:
    """The library the running app uses, read once."""
    return load_library(directory)


def get_script(script_id: str, *, directory: Path = SCRIPTS_DIR) -> Script:
    script = library(directory).scripts.get(script_id)
    if script is None:
        raise NotFound(f"no call script {script_id!r}")
    return script


def check_scripts(directory: Path = SCRIPTS_DIR) -> list[ScriptError]:
    return list(load_library(directory).errors)


def strict_library(directory: Path = SCRIPTS_DIR) -> Library:
    lib = load_library(directory)
    if lib.errors:
        raise ScriptInvalid(lib.errors)
    return lib


# --- values for one member ----------------------------------------------------------------

def _title(member: Member, lang: str) -> str | None:
    name = (member.name or "").strip()
    if not name:
        return None
    if not _CJK.match(name):
        honorific = {"F": "Ms", "M": "Mr"}.get(member.gender or "")
        return f"{honorific} {name}" if lang == "en" and honorific else name
    surname = surname_of(name)  # 欧阳娜娜 is 欧阳女士, not 欧女士
    if lang == "en":
        honorific = {"F": "Ms", "M": "Mr"}.get(member.gender or "")
        pinyin = "".join(readings(surname)).capitalize()
        return f"{honorific} {pinyin}" if honorific else name
    honorific = {"F": "女士", "M": "先生"}.get(member.gender or "")
    return f"{surname}{honorific}" if honorific else name


def _zh_only(value: str | None, lang: str) -> str | None:
    """Chinese product text cannot be read out in the English script: use the fallback."""
    if not value:
        return None
    return None if lang == "en" and _CJK.search(value) else value


def _day(d: date, lang: str) -> str:
    return f"on {d.day} {_MONTHS[d.month - 1]}" if lang == "en" else f"{d.month}月{d.day}日"


def _days(n: int | None, lang: str) -> str | None:
    if n is None or n < 0:
        return None
    if lang == "en":
        return "1 day" if n == 1 else f"{n} days"
    return f"{n}天"


def _points(n: int | None, lang: str) -> str:
    n = n or 0
    if lang == "en":
        return "1 point" if n == 1 else f"{n} points"
    return f"{n} 积分"


def _purchase(session: Session, member: Member, task: FollowUpTask | None) -> tuple[Product | None, Order | None, int]:
    """The product and order the call is about: the task's, else the latest purchase."""
    if task is not None and task.order_id is not None:
        order = session.get(Order, task.order_id)
        line = session.scalar(select(OrderLine).where(OrderLine.order_id == task.order_id,
                              *( [OrderLine.product_id == task.product_id] if task.product_id else [] ))
                              .order_by(OrderLine.id).limit(1))
        product = session.get(Product, line.product_id) if line else (
            session.get(Product, task.product_id) if task.product_id else None)
        return product, order, line.quantity if line else 1
    query = (select(OrderLine, Order).join(Order, Order.id == OrderLine.order_id)
             .where(Order.member_id == member.id).order_by(Order.ordered_at.desc(), OrderLine.id).limit(1))
    if task is not None and task.product_id is not None:
        query = query.where(OrderLine.product_id == task.product_id)
    row = session.execute(query).first()
    if row is None:
        product = session.get(Product, task.product_id) if task is not None and task.product_id else None
        return product, None, 1
    return session.get(Product, row[0].product_id), row[1], row[0].quantity


def script_values(session: Session, actor: Actor, clock: Clock, member: Member,
                  task: FollowUpTask | None, lang: str) -> dict[str, str | None]:
    """The placeholder values for one member, task and order in `lang`; None = unknown."""
    brand = report_brand(session)  # the centre's name (brand settings), else the packaged one
    product, order, quantity = _purchase(session, member, task)
    detail = dict(task.detail or {}) if task is not None else {}
    today = clock.today()
    values: dict[str, str | None] = {
        "member_name": member.name or None,
        "member_title": _title(member, lang),
        "agent_name": actor.display_name or actor.username if actor.id is not None else None,
        "brand": brand.pick(brand.name, lang),
        "hotline": brand.hotline,
        "tier": _TIER[lang].get(member.tier),
        "points": _points(member.points_balance, lang),
        "survey_points": str(loyalty_settings(session).survey_points),
        "moment": detail.get("moment_en") if lang == "en" else detail.get("moment"),
    }
    if product is not None:
        values["product"] = (product.name_en or None) if lang == "en" else product.name
        values["dosage"] = _zh_only(product.dosage, lang)
        values["daily_dose"] = _zh_only(product.daily_dose, lang)
        values["pack"] = f"{product.pack_days}-day pack" if lang == "en" else f"{product.pack_days}天装"
    if order is not None:
        ordered_on = order.ordered_at.astimezone(clock.tz).date()
        used = (today - ordered_on).days
        values["order_when"] = _day(ordered_on, lang)
        values["days_used"] = _days(used, lang)
        if product is not None:  # a pack already used up reads "0 days left", never a vague "a few"
            values["days_left"] = _days(max(0, product.pack_days * max(1, quantity) - used), lang)
    if detail.get("days_left") is not None:
        values["days_left"] = _days(int(detail["days_left"]), lang)
    if detail.get("days_since") is not None:
        values["days_since"] = _days(int(detail["days_since"]), lang)
    elif member.last_order_at is not None:
        values["days_since"] = _days((today - member.last_order_at.astimezone(clock.tz).date()).days, lang)
    if task is not None and task.ticket_id is not None:
        ticket = session.get(Ticket, task.ticket_id)
        if ticket is not None:
            values["ticket_summary"] = _TICKET[lang].get(ticket.category)
    for name in ("member_name", "agent_name"):  # Chinese names are read out in pinyin in English
        if lang == "en" and values.get(name) and _CJK.search(values[name] or ""):
            values[name] = " ".join(w.capitalize() for w in readings(values[name]))
    for hook in VALUE_HOOKS:
        values.update(hook(session, clock, member, lang))
    return values


@dataclass(frozen=True)
class TaskScript:
    """The script chosen for a call and the same script rendered for reading."""

    script_id: str
    version: str
    reasons: tuple[str, ...]
    category: str | None
    rendered: RenderedScript


def script_for_task(db: Database, actor: Actor, clock: Clock, task_id: int, *, lang: str | None = None,
                    directory: Path = SCRIPTS_DIR) -> TaskScript:
    """Pick and render the script for the call that covers `task_id` (and the member's other
    open tasks, most important first). `lang` defaults to the member's language."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise NotFound(f"no task with id {task_id}")
        member = session.get(Member, task.member_id)
        others = session.scalars(
            select(FollowUpTask).where(FollowUpTask.member_id == member.id, FollowUpTask.id != task.id,
                                       OPEN_TASK)
            .order_by(FollowUpTask.priority.desc(), FollowUpTask.id)
        ).all()
        reasons = [task.reason] + [t.reason for t in others if t.reason != task.reason]
        if task.reason == TaskReason.CALLBACK:
            # A callback continues the call it was booked on: script it by that call's reasons.
            carried = [r for r in (task.detail or {}).get("reasons", []) if r in TaskReason.__members__.values()]
            reasons = list(dict.fromkeys(carried + reasons))
        product, _, _ = _purchase(session, member, task)
        category = product.category if product is not None else None
        language = lang or ("en" if member.language == "en" else "zh")
        script = library(directory).pick(reasons, category, follow_up=(task.detail or {}).get("follow_up"))
        values = script_values(session, actor, clock, member, task, language)
        rendered = loyalty.add_trial_offers(session, clock, member, render(script, values, lang=language))
    return TaskScript(script.id, script.version, tuple(reasons), category, rendered)
