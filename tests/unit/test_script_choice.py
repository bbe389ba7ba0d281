"""Which script a call gets (issue 12: the right script): the one written for the reason."""

from app.services.calls.scripts import load_library


def test_a_regular_cadence_call_gets_the_care_script_not_the_win_back_one():
    lib = load_library()
    assert not lib.errors
    cadence = lib.pick(["cadence"], None)
    assert cadence.id != "churn_risk" and cadence.reasons[0] == "cadence"
    assert lib.pick(["churn_risk"], None).id == "churn_risk"
    assert lib.pick(["churn_risk", "cadence"], None).id == "churn_risk"  # the first reason leads
