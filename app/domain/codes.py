"""The codes of the domain, as stored in the database and spoken by the CLI.

Codes are plain strings in storage (portable, readable in SQL); these enums are the one
place that lists them, so validation and the UI's translated labels share a source.
"""

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"


class Tier(StrEnum):
    STANDARD = "standard"
    SILVER = "silver"
    GOLD = "gold"
    DIAMOND = "diamond"

    @property
    def is_vip(self) -> bool:
        return self in (Tier.GOLD, Tier.DIAMOND)


class Channel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    WECHAT = "wechat"


class SalesChannel(StrEnum):
    STORE = "store"
    APP = "app"
    TMALL = "tmall"
    JD = "jd"
    WECHAT = "wechat"
    PHONE = "phone"


class ProductCategory(StrEnum):
    FISH_OIL = "fish_oil"
    VITAMINS = "vitamins"
    PROTEIN_POWDER = "protein_powder"
    PROBIOTICS = "probiotics"
    INFANT_FORMULA = "infant_formula"
    BABY_FOOD = "baby_food"
    OTHER = "other"


class LifecycleStage(StrEnum):
    NEW = "new"
    STABLE = "stable"
    CHURN_WARNING = "churn_warning"
    LOST = "lost"


class BabyStage(StrEnum):
    TRYING = "trying_to_conceive"
    PREGNANCY = "pregnancy"
    MONTHS_0_6 = "0_6_months"
    MONTHS_6_12 = "6_12_months"
    COMPLEMENTARY = "complementary_food"


class TaskReason(StrEnum):
    REFILL = "refill"
    EFFECT_CHECK = "effect_check"
    DELIVERY_SURVEY = "delivery_survey"
    CHURN_RISK = "churn_risk"
    REVISIT = "revisit"
    CADENCE = "cadence"
    CARE_MOMENT = "care_moment"
    CALLBACK = "callback"
    NEW_CUSTOMER = "new_customer"


class TaskStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"
    UNREACHED = "unreached"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (TaskStatus.OPEN, TaskStatus.CLAIMED)


OPEN_TASK_STATUSES = (TaskStatus.OPEN.value, TaskStatus.CLAIMED.value)


class Disposition(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    REFUSED = "refused"
    CALLBACK = "callback"
    DO_NOT_CALL = "do_not_call"


class Adherence(StrEnum):
    AS_DIRECTED = "as_directed"
    IRREGULAR = "irregular"
    STOPPED = "stopped"


class AdverseReaction(StrEnum):
    NONE = "none"
    MILD = "mild"
    SEVERE = "severe"


class ComplaintCategory(StrEnum):
    QUALITY = "quality"
    USAGE = "usage"
    LOGISTICS = "logistics"
    SERVICE = "service"
    STOCK_OUT = "stock_out"
    COUNTERFEIT = "counterfeit"


class Severity(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


class Department(StrEnum):
    QUALITY = "quality"
    LOGISTICS = "logistics"
    SERVICE = "service"
    SUPPLY_CHAIN = "supply_chain"
    TECHNOLOGY = "technology"
    MEDICAL = "medical"
    SPECIAL_TEAM = "special_team"  # a member still unhappy after a re-visit (acts within 48 h)


class Remedy(StrEnum):
    """What the agent may do when a member is still unhappy at the 48-hour re-visit."""

    RESHIP = "reship"  # send a replacement of the product
    POINTS = "points"  # compensation points in the ledger
    TICKET = "ticket"  # a new ticket to the special team, 48-hour deadline


class TicketStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class EffectDimension(StrEnum):
    ENERGY = "energy"
    SLEEP = "sleep"
    MOOD = "mood"
    DIGESTION = "digestion"
    EXERCISE = "exercise"
    IMMUNITY = "immunity"
    SKIN = "skin"
    BABY_GROWTH = "baby_growth"
