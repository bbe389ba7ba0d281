"""A few past calls, complaints and tickets, so that the history, supervisor and ticket
screens have something to show: outcomes with satisfaction and effect ratings, tickets
resolved, open, escalated and past their SLA."""

import uuid
from dataclasses import dataclass

from app.data.tables import Call, EffectRating, PointsEntry, Ticket
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.domain.codes import ComplaintCategory, Department, Disposition, Severity
from app.demo.bulk import SECONDS_PER_DAY
from app.demo.catalogue import load
from app.demo.state import Run
from app.services.tickets import ADVERSE_REACTION, SLA, route

DISPOSITIONS = (Disposition.REACHED, Disposition.NO_ANSWER, Disposition.BUSY, Disposition.CALLBACK,
                Disposition.REFUSED, Disposition.WRONG_NUMBER, Disposition.DO_NOT_CALL)
DISPOSITION_WEIGHTS = (62, 20, 6, 5, 3, 2, 2)
COMPLAINTS = (ComplaintCategory.LOGISTICS, ComplaintCategory.QUALITY, ComplaintCategory.USAGE,
              ComplaintCategory.SERVICE, ComplaintCategory.STOCK_OUT, ComplaintCategory.COUNTERFEIT)
COMPLAINT_WEIGHTS = (35, 20, 15, 12, 10, 8)
EFFECTS = {
    "fish_oil": ("energy", "mood"), "vitamins": ("energy", "immunity", "skin"),
    "protein_powder": ("exercise", "energy"), "probiotics": ("digestion", "immunity"),
    "infant_formula": ("baby_growth", "digestion"), "baby_food": ("baby_growth", "digestion"),
    "other": ("energy", "sleep"),
}
# Ticket states in turn, so that even a small demo has resolved, open (late and in time) and
# escalated tickets: about half resolved, the rest spread over the open states.
TICKET_STATUSES = ("resolved", "open_late", "assigned", "resolved", "escalated", "open_fresh", "resolved",
                   "resolved", "assigned", "resolved")
SURVEY_POINTS = DEFAULT_LOYALTY.survey_points  # the programme's own rule, not a copy
HOUR = 3600


@dataclass
class Contact:
    """What the calls did to the member record."""

    points: int = 0
    do_not_call: bool = False
    medical: bool = False


def _work_instant(run: Run, day: int) -> int:
    while (day % 7) in (0, 6):  # ordinal % 7: 0 is Sunday, 6 is Saturday: call on weekdays
        day -= 1
    return run.at(day, run.r.randint(9 * HOUR, 17 * HOUR + 1800))


def _call(run: Run, member_id: int, agent_id: int, started: int, disposition: str, *, reasons: str,
          category: str, complaint: tuple[str, str, str] | None = None, adverse: str = "none") -> tuple[int, int]:
    r, w = run.r, run.w
    call_id = run.next_id(Call)
    reached = disposition == Disposition.REACHED
    ended = started + (r.randint(120, 600) if reached else 30)
    saved = ended + r.randint(20, 180)
    satisfaction = None
    if reached:
        satisfaction = r.choices(range(3, 11), weights=(1, 1, 2, 4, 8, 14, 12, 8))[0]
        if complaint:
            satisfaction = min(satisfaction, r.randint(2, 6))
    callback = started + r.randint(1, 3) * SECONDS_PER_DAY + 2 * HOUR if disposition == Disposition.CALLBACK else None
    notes = r.choice(load("texts")["call_notes"]) if reached else ""
    run.add(Call, (
        call_id, str(uuid.UUID(int=r.getrandbits(128), version=4)), None, member_id, agent_id, "phone", reasons,
        w.instant(started), w.instant(ended), w.instant(saved), saved - ended, disposition, satisfaction,
        r.choices(("as_directed", "irregular", "stopped"), weights=(70, 25, 5))[0] if reached else None,
        r.randint(0, 20) if reached else None, (r.random() < 0.7) if reached else None,
        complaint[0] if complaint else None, complaint[1] if complaint else None,
        complaint[2] if complaint else None, adverse, w.instant(callback), "{}", notes, None, None,
    ))
    if reached:
        for dimension in r.sample(EFFECTS.get(category, EFFECTS["other"]), 2):
            run.add(EffectRating, (run.next_id(EffectRating), call_id, member_id, dimension, r.randint(5, 10)))
    return call_id, saved if satisfaction is not None else 0


def add_calls(run: Run, member_id: int, owner_id: int | None, first_order_day: int, category: str,
              out: Contact) -> None:
    """One or two recent calls; a completed survey earns points."""
    r, w = run.r, run.w
    for _ in range(r.choice((1, 1, 2))):
        earliest = max(first_order_day + 3, run.today_ord - 90)
        if earliest >= run.today_ord:
            return
        started = _work_instant(run, r.randint(earliest, run.today_ord - 1))
        agent = owner_id or r.choice(run.staff.agent_ids)
        disposition = r.choices(DISPOSITIONS, weights=DISPOSITION_WEIGHTS)[0]
        reasons = r.choice(("refill", "delivery_survey", "effect_check", "cadence"))
        call_id, surveyed_at = _call(run, member_id, agent, started, disposition, reasons=reasons, category=category)
        if surveyed_at:
            run.add(PointsEntry, (run.next_id(PointsEntry), member_id, SURVEY_POINTS, "bonus", "call", "survey", call_id, None,
                                  w.instant(surveyed_at), w.instant(surveyed_at + 365 * SECONDS_PER_DAY)))
            out.points += SURVEY_POINTS
        if disposition == Disposition.DO_NOT_CALL:
            out.do_not_call = True


def add_complaint(run: Run, member_id: int, owner_id: int | None, category: str, out: Contact) -> None:
    """A complaint call and its tickets, filed by the call save's own rule: the complaint is
    routed by its category; a severe reaction on the same call opens its own urgent
    adverse_reaction ticket to medical (not a complaint). Resolved, open in SLA or late."""
    r = run.r
    texts = load("texts")
    kind = r.choices(COMPLAINTS, weights=COMPLAINT_WEIGHTS)[0]
    adverse = "none"
    if kind in (ComplaintCategory.QUALITY, ComplaintCategory.USAGE):
        adverse = r.choices(("none", "mild", "severe"), weights=(72, 20, 8))[0]
    severity = Severity.URGENT.value if r.random() < 0.25 else Severity.NORMAL.value
    status = TICKET_STATUSES[next(run.complaints) % len(TICKET_STATUSES)]
    if status == "open_fresh":  # opened last evening: a normal one is still inside its SLA
        opened = run.now - r.randint(600, 6 * HOUR)
    else:
        opened = _work_instant(run, run.today_ord - r.randint(2, 30))  # two days back: late if still open
    text = r.choice(texts["complaints"][kind.value])
    agent = owner_id or r.choice(run.staff.agent_ids)
    call_id, _ = _call(run, member_id, agent, opened - 600, Disposition.REACHED, reasons="refill",
                       category=category, complaint=(kind.value, severity, text), adverse=adverse)
    _ticket(run, member_id, call_id, agent, opened, kind.value, severity, text, status)
    if adverse == "severe":
        _ticket(run, member_id, call_id, agent, opened, ADVERSE_REACTION, Severity.URGENT.value,
                "严重不良反应 / severe adverse reaction reported", status)
    out.medical = out.medical or adverse == "severe"


def _ticket(run: Run, member_id: int, call_id: int, agent: int, opened: int, category: str, severity: str,
            text: str, status: str) -> None:
    r, w = run.r, run.w
    department = route(category)
    ticket_id = run.next_id(Ticket)
    sla = opened + int(SLA[severity].total_seconds())
    resolved = escalated = None
    note = None
    status = "open" if status.startswith("open") else status
    if status == "resolved":
        resolved = min(run.now - 60, opened + r.randint(HOUR, (3 if severity == "urgent" else 40) * HOUR))
        note = r.choice(load("texts")["resolutions"])
    if status == "escalated":
        escalated = min(run.now - 60, sla + r.randint(60, 4 * HOUR))
    assignee = None if status == "open" else run.staff.supervisor_id if department == Department.MEDICAL else agent
    run.add(Ticket, (
        ticket_id, member_id, call_id, category, severity, department.value, status, text, assignee,
        agent, w.instant(opened), w.instant(sla), w.instant(escalated), w.instant(resolved), note,
        r.random() < 0.1 and category != ADVERSE_REACTION, 1,
    ))
