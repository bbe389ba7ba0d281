"""Demo members: who they are (names, phones, regions, tiers, consent, owners) and the
sensitive health profile of the mother-and-baby members and of some adults."""

from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from app.data.tables import HealthIndicator, HealthProfile
from app.domain.codes import BabyStage
from app.domain.pinyin import given_initials, name_initials, surname_initials
from app.demo.catalogue import load
from app.demo.state import Run

TIERS = ("standard", "silver", "gold", "diamond")
TIER_WEIGHTS = (68, 20, 9, 3)
BEST_TIMES = ("12:00-13:30", "19:00-21:00", "12:00-13:30;19:00-21:00", "09:00-11:00", "14:00-17:00",
              "18:30-20:30")
CONTACT_CHANNELS = ("phone", "wechat", "sms", "email")
CONTACT_WEIGHTS = (70, 18, 10, 2)
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com")
# Baby stage at today -> range of the baby's age in days (negative: due in that many days).
BABY_STAGES = (
    (BabyStage.TRYING, 10, None),
    (BabyStage.PREGNANCY, 15, (-250, -10)),
    (BabyStage.MONTHS_0_6, 25, (0, 179)),
    (BabyStage.MONTHS_6_12, 25, (180, 364)),
    (BabyStage.COMPLEMENTARY, 25, (365, 1000)),
)


@dataclass
class Person:
    name: str
    initials: str
    gender: str
    birth_date: date
    region: str
    phone: str
    tier: str
    language: str
    mother_baby: bool
    baby_stage: str | None = None
    baby_birth: date | None = None


class Names:
    """Weighted draws from resources/demo, prepared once per run."""

    def __init__(self) -> None:
        names, regions = load("names"), load("regions")
        self.surnames = [s for s, _ in names["surnames"]]
        self.surname_cum = list(accumulate(w for _, w in names["surnames"]))
        self.female, self.male = names["given_female"], names["given_male"]
        self.english = {"F": names["english_female"], "M": names["english_male"]}
        self.regions = [name for name, _ in regions["regions"]]
        self.region_cum = list(accumulate(w for _, w in regions["regions"]))
        self.prefixes = regions["mobile_prefixes"]
        self.occupations = regions["occupations"]
        self.phones: set[str] = set()


def make_person(run: Run, names: Names) -> Person:
    r = run.r
    mother_baby = r.random() < 0.15
    gender = "F" if mother_baby or r.random() < 0.58 else "M"
    language = "en" if r.random() < 0.015 else "zh"
    if language == "en":
        name = r.choice(names.english[gender])
        initials = name_initials(name)
    else:
        surname = r.choices(names.surnames, cum_weights=names.surname_cum)[0]
        given = r.choice(names.female if gender == "F" else names.male)
        name, initials = surname + given, surname_initials(surname) + given_initials(given)
    age = r.randint(24, 38) if mother_baby else min(r.randint(22, 60), r.randint(22, 78))
    birth = date.fromordinal(run.today_ord - age * 365 - r.randint(0, 364))
    while True:
        phone = f"+86{r.choice(names.prefixes)}{r.randrange(100_000_000):08d}"
        if phone not in names.phones:
            names.phones.add(phone)
            break
    person = Person(
        name=name, initials=initials, gender=gender, birth_date=birth,
        region=r.choices(names.regions, cum_weights=names.region_cum)[0], phone=phone,
        tier=r.choices(TIERS, weights=TIER_WEIGHTS)[0], language=language, mother_baby=mother_baby,
    )
    if mother_baby:
        stage, _, ages = r.choices(BABY_STAGES, weights=[w for _, w, _ in BABY_STAGES])[0]
        person.baby_stage = stage.value
        if ages is not None:
            person.baby_birth = date.fromordinal(run.today_ord - r.randint(*ages))
    return person


def contact_fields(run: Run, names: Names, person: Person) -> dict[str, object]:
    """Contact preferences and consent: mostly consenting, a few on the do-not-call list."""
    r = run.r
    do_not_call = r.random() < 0.03
    consent = not do_not_call and r.random() < 0.96
    email = f"{person.initials or 'member'}{r.randint(10, 9999)}@{r.choice(MAIL_DOMAINS)}" if r.random() < 0.2 else None
    return {
        "occupation": r.choice(names.occupations) if r.random() < 0.4 else None,
        "email": email,
        "wechat_id": f"wx_{person.initials or 'm'}{r.randint(1000, 999999)}" if r.random() < 0.3 else None,
        "preferred_channel": r.choices(CONTACT_CHANNELS, weights=CONTACT_WEIGHTS)[0],
        "best_times": r.choice(BEST_TIMES) if r.random() < 0.3 else "",
        "consent": consent,
        "do_not_call": do_not_call,
    }


def add_health(run: Run, member_id: int, person: Person) -> bool:
    """A health profile for mother-and-baby members and some adults; hemoglobin over time."""
    r, w = run.r, run.w
    texts = load("texts")
    anaemic = False
    if person.mother_baby:
        goals, conditions, allergies = "孕期营养", None, None
        anaemic = person.baby_stage in (BabyStage.PREGNANCY, BabyStage.MONTHS_0_6) and r.random() < 0.5
        if anaemic:
            conditions = "缺铁性贫血"
    elif r.random() < 0.06:
        goals = "、".join(r.sample(texts["health_goals"], 2))
        conditions = r.choice(texts["conditions"]) if r.random() < 0.5 else None
        allergies = r.choice(texts["allergies"]) if r.random() < 0.3 else None
        anaemic = conditions == "缺铁性贫血"
    else:
        return False
    if allergies is None and r.random() < 0.1:
        allergies = r.choice(texts["allergies"])
    run.add(HealthProfile, (
        member_id, r.choice(texts["constitutions"]) if r.random() < 0.5 else None, goals, conditions, allergies,
        person.baby_stage, w.day(person.baby_birth), w.instant(run.now), 1,
    ))
    if anaemic:  # hemoglobin recovering under iron-rich nutrition, measured every month or two
        value = r.uniform(98.0, 112.0)
        day = run.today_ord - r.randint(150, 240)
        while day < run.today_ord:
            run.add(HealthIndicator, (run.next_id(HealthIndicator), member_id, "hemoglobin", round(value, 1),
                                      "g/L", w.instant(run.at(day, r.randint(8 * 3600, 11 * 3600)))))
            value += r.uniform(-1.0, 4.5)
            day += r.randint(30, 60)
    return True
