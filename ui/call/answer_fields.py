"""Which script answers are also outcome fields, so an answer given in the script fills the form.

The scripts (resources/scripts) name their questions; the outcome form's apply_answer
converts the values (a yes to "is it urgent?" is severity "urgent").
"""

# question id -> outcome form field
ANSWER_FIELDS = {
    "satisfaction": "satisfaction", "refill": "refill_intent", "reaction_grade": "adverse_reaction",
    "complaint_category": "complaint_category", "complaint_detail": "complaint_text",
    "complaint_urgent": "complaint_urgent", "energy": "effect_energy", "digestion": "effect_digestion",
    "exercise": "effect_exercise", "sleep": "effect_sleep", "mood": "effect_mood", "immunity": "effect_immunity",
    "skin": "effect_skin", "adherence": "adherence", "remaining_days": "remaining_days",
    "remedy": "remedy",
}


def form_field_for(question_id: str) -> str | None:
    if question_id in ANSWER_FIELDS:
        return ANSWER_FIELDS[question_id]
    return question_id if question_id.startswith("effect_") else None
