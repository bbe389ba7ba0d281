"""Members and products, a batch at a time. A member is found by external id, else by the
normalized phone number (then it is updated, not duplicated); only the columns the file
holds are compared and written, and only when they differ."""

from typing import Any

from sqlalchemy import select

from app.data.loyalty import Referral
from app.data.tables import Member, Product, User
from app.domain.codes import ProductCategory, Role
from app.domain.compliance import consent_change
from app.domain.pinyin import name_initials
from app.services.imports.base import Batch, Importer
from app.data.bulk import insert_rows, lookup, update_rows
from app.services.imports.result import RowError
from app.domain.loyalty.fraud import clean_address
from app.services.loyalty.referrals import refusal_in
from app.services.privacy.consent import write_consent_records
from app.services.imports.values import (
    RowInvalid, best_times, choice, day, phone, text, tier, whole, yes_no,
)

# Member columns each file column fills (a file without "consent" leaves consent alone).
_MEMBER_FIELDS = {
    "name": ("name", "name_initials"), "gender": ("gender",), "birth_date": ("birth_date",),
    "phone": ("phone_e164", "timezone"), "region": ("region",), "tier": ("tier",),
    "consent": ("consent", "do_not_call"), "best_times": ("best_times",), "owner": ("owner_id",),
    "address": ("address",),
}


class MemberImporter(Importer):
    def start(self) -> None:
        self.owners = dict(self.conn.execute(select(User.username, User.id).where(
            User.active.is_(True), User.role.in_([Role.AGENT, Role.SUPERVISOR]))).all())
        self.zone = getattr(self.clock.tz, "key", None)
        self.seen_ids: dict[str, int] = {}
        self.seen_phones: dict[str, int] = {}
        self.columns = [c for f in self.present if f in _MEMBER_FIELDS for c in _MEMBER_FIELDS[f]]
        self.with_consent = "consent" in self.present  # then each change of it is a consent record
        self.referrers: dict[int, str] = {}  # row -> the referrer's external id (referred_by)
        self.refused: set[int] = set()  # rows refused for their referral (not written)

    def _parse(self, line: int, v: dict[str, str]) -> tuple[str, dict[str, Any]]:
        external_id = text(v, "external_id", max_length=64, required=True)
        if external_id in self.seen_ids:
            raise RowInvalid("repeated", "external_id", external_id, shown=external_id,
                             row=self.seen_ids[external_id])
        name = text(v, "name", max_length=100, required=True)
        birth = day(v, "birth_date", self.today)
        if birth is not None and birth > self.today:
            raise RowInvalid("not_past", "birth_date", v["birth_date"], shown=birth.isoformat())
        number = phone(v)
        if number.e164 in self.seen_phones:
            raise RowInvalid("repeated", "phone", v["phone"], shown=v["phone"].strip(),
                             row=self.seen_phones[number.e164])
        owner = text(v, "owner", max_length=64)
        if owner and owner not in self.owners:
            raise RowInvalid("no_owner", "owner", owner, quoted=repr(owner))
        referred_by = text(v, "referred_by", max_length=64) or None
        if referred_by == external_id:
            raise RowInvalid("referral_self_referral", "referred_by", referred_by)
        consent = yes_no(v, "consent")
        values = {
            "name": name, "name_initials": name_initials(name),
            "gender": choice(v, "gender", ("F", "M"), default="",
                             names={"女": "F", "男": "M", "f": "F", "m": "M"}) or None,
            "birth_date": birth, "phone_e164": number.e164, "timezone": number.timezone or self.zone,
            "region": text(v, "region", max_length=64) or None, "tier": tier(v),
            "consent": bool(consent), "do_not_call": consent is False,
            "best_times": best_times(text(v, "best_times", max_length=120)),
            "owner_id": self.owners[owner] if owner else None,
            # Stored the way the shared-address fraud check compares it.
            "address": clean_address(text(v, "address", max_length=200)),  # longer is refused, not cut
        }
        self.seen_ids[external_id] = line
        self.seen_phones[number.e164] = line
        if referred_by:
            self.referrers[line] = referred_by
        return external_id, values

    def parse(self, rows: Batch) -> tuple[list, list[RowError]]:
        errors: list[RowError] = []
        parsed: list[tuple[int, str, dict[str, Any]]] = []
        for line, v in rows:
            try:
                parsed.append((line, *self._parse(line, v)))
            except RowInvalid as exc:
                errors.append(exc.error(line))
        return parsed, errors

    def write(self, parsed: list) -> list[RowError]:
        errors: list[RowError] = []
        fields = (Member.id, Member.external_id, *(getattr(Member, c) for c in self.columns))
        by_id = {r.external_id: r for r in lookup(self.conn, fields, Member.external_id, {p[1] for p in parsed})}
        phones = {p[2]["phone_e164"] for p in parsed if p[1] not in by_id}
        by_phone: dict[str, Any] = {}
        for r in sorted(lookup(self.conn, (*fields, Member.phone_e164), Member.phone_e164, phones),
                        key=lambda r: r.id, reverse=True):
            by_phone[r.phone_e164] = r  # the oldest member with that number wins
        now = self.clock.now()
        parsed = self._check_referrals(parsed, by_id, by_phone, errors)
        inserts, updates = [], []
        consents: list[tuple[int, bool]] = []  # (member id, granted): a change the file's consent column makes
        new_consents: list[tuple[str, bool]] = []  # the same for new members, by external id
        for line, external_id, values in parsed:
            record = by_id.get(external_id)
            merged = record is None and values["phone_e164"] in by_phone
            record = record or by_phone.get(values["phone_e164"])
            if record is None:
                inserts.append({"external_id": external_id, "created_at": now, "updated_at": now, "language": "zh",
                                "points_balance": 0, "lifecycle_stage": "new", "total_spent_fen": 0,
                                "preferred_channel": "phone", "segment_tags": "", "medical_flag": False,
                                "version": 1, **values})
                self.result.created += 1
                if (granted := self._granted((False, False), values)) is not None:  # a new member gave nothing yet
                    new_consents.append((external_id, granted))
                continue
            self.result.merged += merged
            change = {c: values[c] for c in self.columns if getattr(record, c) != values[c]}
            if change:
                updates.append({"_id": record.id, "updated_at": now, **change})
                self.result.updated += 1
                self.result.member_ids.add(record.id)
                if "consent" in change or "do_not_call" in change:
                    consents.append((record.id, self._granted((record.consent, record.do_not_call), values)))
            else:
                self.result.unchanged += 1
        update_rows(self.conn, Member.__table__, updates, bump_version=True)
        if inserts:
            columns = tuple(inserts[0])
            insert_rows(self.conn, Member.__table__, columns, [tuple(r[c] for c in columns) for r in inserts])
            new_ids = dict(lookup(self.conn, (Member.external_id, Member.id), Member.external_id,
                                  [r["external_id"] for r in inserts]))
            self.result.member_ids.update(new_ids.values())
            consents += [(new_ids[external_id], granted) for external_id, granted in new_consents]
        # Who: no user heard it (the shop's file said it); the run is named by its start.
        write_consent_records(self.session, consents, at=self.result.started_at or now, channel="import",
                              recorded_by_id=None)
        self._write_referrals([(line, external_id) for line, external_id, _ in parsed if line in self.referrers])
        return errors

    def _granted(self, before: tuple[bool, bool], values: dict[str, Any]) -> bool | None:
        """The consent record a row makes (granted or withdrawn; app.domain.compliance), None
        when the file has no consent column or the row changes nothing of it."""
        return consent_change(before, (values["consent"], values["do_not_call"])) if self.with_consent else None

    def _check_referrals(self, parsed: list, by_id: dict, by_phone: dict, errors: list[RowError]) -> list:
        """Rows naming a referrer (referred_by) checked by the referral rule before anything is
        written; a refused row goes to the report and is not imported. Rare: a few reads each."""
        kept = []
        for row in parsed:
            line, external_id, values = row
            referrer = self.referrers.get(line)
            if referrer is None:
                kept.append(row)
                continue
            record = by_id.get(external_id) or by_phone.get(values["phone_e164"])
            try:
                self._check_referral(line, referrer, record.id if record else None, values["phone_e164"])
            except RowInvalid as exc:
                errors.append(exc.error(line))
                self.referrers.pop(line)
                self.refused.add(line)
                continue
            kept.append(row)
        return kept

    def _check_referral(self, line: int, referrer: str, referee_id: int | None, referee_phone: str) -> None:
        found = self.conn.execute(select(Member.id, Member.phone_e164).where(Member.external_id == referrer)).first()
        if found is None:
            earlier = self.seen_ids.get(referrer)
            if earlier is None or earlier >= line or earlier in self.refused:
                raise RowInvalid("no_referrer", "referred_by", referrer, quoted=repr(referrer))
            return  # a new member on an earlier row of this batch: no chain, no orders yet
        referrer_id, referrer_phone = found
        if referee_id is not None:
            existing = self.conn.scalar(select(Referral.referrer_id).where(Referral.referee_id == referee_id))
            if existing == referrer_id:
                return  # recorded already (a re-import)
        why = refusal_in(self.session, referrer_id, referee_id if referee_id is not None else -line,
                         referrer_phone=referrer_phone, referee_phone=referee_phone)
        if why is not None:
            raise RowInvalid(f"referral_{why}", "referred_by", referrer)

    def _write_referrals(self, rows: list[tuple[int, str]]) -> None:
        """The referrals of this batch's accepted rows, once each (a re-import adds none)."""
        if not rows:
            return
        wanted = {external_id for _, external_id in rows} | {self.referrers[line] for line, _ in rows}
        ids = dict(lookup(self.conn, (Member.external_id, Member.id), Member.external_id, wanted))
        for line, external_id in rows:
            referee, referrer = ids[external_id], ids[self.referrers.pop(line)]
            if self.conn.scalar(select(Referral.id).where(Referral.referee_id == referee)) is None:
                self.session.add(Referral(referrer_id=referrer, referee_id=referee, status="pending",
                                          channel="import", created_at=self.clock.now(), points=0))
                self.result.referrals += 1
        self.session.flush()


class ProductImporter(Importer):
    def start(self) -> None:
        self.seen: dict[str, int] = {}
        self.categories = tuple(c.value for c in ProductCategory)
        self.columns = [c for c in ("name", "category", "pack_days", "daily_dose", "dosage") if c in self.present]

    def _parse(self, line: int, v: dict[str, str]) -> tuple[str, dict[str, Any]]:
        sku = text(v, "sku", max_length=40, required=True)
        if sku in self.seen:
            raise RowInvalid("repeated", "sku", sku, shown=sku, row=self.seen[sku])
        values = {
            "name": text(v, "name", max_length=120, required=True),
            "category": choice(v, "category", self.categories),
            "pack_days": whole(v, "pack_days", low=1, high=3650),
            "daily_dose": text(v, "daily_dose", max_length=40),
            "dosage": text(v, "dosage", max_length=120),
        }
        self.seen[sku] = line
        return sku, values

    def parse(self, rows: Batch) -> tuple[list, list[RowError]]:
        errors: list[RowError] = []
        parsed = []
        for line, v in rows:
            try:
                parsed.append(self._parse(line, v))
            except RowInvalid as exc:
                errors.append(exc.error(line))
        return parsed, errors

    def write(self, parsed: list) -> list[RowError]:
        errors: list[RowError] = []
        fields = (Product.id, Product.sku, *(getattr(Product, c) for c in self.columns))
        known = {r.sku: r for r in lookup(self.conn, fields, Product.sku, {p[0] for p in parsed})}
        inserts, updates = [], []
        for sku, values in parsed:
            record = known.get(sku)
            if record is None:
                inserts.append((sku, values["name"], values["category"], values["pack_days"], values["daily_dose"],
                                values["dosage"], 0))
                self.result.created += 1
                continue
            change = {c: values[c] for c in self.columns if getattr(record, c) != values[c]}
            if change:
                updates.append({"_id": record.id, **change})
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        update_rows(self.conn, Product.__table__, updates)
        insert_rows(self.conn, Product.__table__,
                    ("sku", "name", "category", "pack_days", "daily_dose", "dosage", "price_fen"), inserts)
        return errors

