"""Referrals by import: the members file's referred_by column (推荐人) names the referrer's
member number; the referral rule (app.domain.loyalty.referrals) decides before the row is
written, a refused row is reported and not imported, a re-import records nothing twice, and
the reward follows the referee's first imported order (both engines)."""

from sqlalchemy import select

from app.data.loyalty import Referral
from app.data.tables import Member, PointsEntry
from app.services import imports
from app.services.users import SYSTEM
from tests.db.test_imports_rows import PRODUCTS, write

MEMBERS = ("会员编号,姓名,手机号,推荐人\n"
           "R1,王秀英,13812345678,\n"
           "R2,曾志伟,13912345679,R1\n"      # referred by an earlier row
           "R3,李娜,13712345670,R2\n"        # a chain: R1 -> R2 -> R3
           "R4,张伟,13612345671,R404\n"      # no such member
           "R5,刘洋,13512345672,R5\n")       # oneself


def _referrals(db) -> list[tuple[str, str, str]]:
    with db.session() as s:
        ext = dict(s.execute(select(Member.id, Member.external_id)).all())
        return sorted((ext[r.referrer_id], ext[r.referee_id], r.channel) for r in s.scalars(select(Referral)))


def test_a_members_file_records_its_referrals_and_refuses_the_bad_ones(db, clock, tmp_path):
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    assert (result.created, result.referrals, result.failed) == (3, 2, 2)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(5, "referred_by", "R404"),
                                                                   (6, "referred_by", "R5")]
    assert "not a known member" in result.errors[0].reason and "themselves" in result.errors[1].reason
    assert "推荐不成立" in result.errors[1].text("zh")
    assert _referrals(db) == [("R1", "R2", "import"), ("R2", "R3", "import")]
    with db.session() as s:  # refused rows are not imported at all
        assert set(s.scalars(select(Member.external_id))) == {"R1", "R2", "R3"}
    again = imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    assert (again.created, again.referrals, again.unchanged) == (0, 0, 3)
    assert len(_referrals(db)) == 2


def test_a_loop_and_a_customer_who_ordered_are_refused(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    orders = ("order_id,member_external_id,sku,quantity,amount,ordered_at\n"
              "A1,R1,FO-500,1,198.00,2026-06-01 09:30\n")
    imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", orders))
    later = "external_id,name,phone,referred_by\nR1,王秀英,13812345678,R3\nR9,周杰,13412345673,R1\n"
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m2.csv", later))
    assert (result.created, result.referrals, result.failed) == (1, 1, 1)
    assert result.errors[0].row == 2 and "loop" in result.errors[0].reason  # R3 is below R1 already


def test_the_referees_first_imported_order_rewards_both_sides(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    orders = ("order_id,member_external_id,sku,quantity,amount,ordered_at\n"
              "A1,R2,FO-500,2,400.00,2026-06-01 09:30\n")
    imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", orders))
    with db.session() as s:
        ext = dict(s.execute(select(Member.external_id, Member.id)).all())
        bonus = {(e.member_id, e.delta) for e in s.scalars(select(PointsEntry).where(
            PointsEntry.source == "referral"))}
        referral = s.scalars(select(Referral).where(Referral.referee_id == ext["R2"])).one()
    assert bonus == {(ext["R1"], 40), (ext["R2"], 40)}  # 10% of 400 yuan each
    assert referral.status == "rewarded"
