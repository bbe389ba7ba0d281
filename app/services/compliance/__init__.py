"""Compliance at every door: one check (app.domain.compliance) applied wherever a call can
start or be recorded."""

from app.domain.compliance import CallFacts, Door, Refusal, Rule
from app.services.compliance.doors import (
    EXEMPT_REASONS, CallRefused, call_facts, check_call, contacts_since, ensure_call_allowed, facts_from_rows,
    may_call_now, member_window, pressure_of,
)

__all__ = [
    "CallFacts", "CallRefused", "Door", "EXEMPT_REASONS", "Refusal", "Rule", "call_facts", "check_call",
    "contacts_since", "ensure_call_allowed", "facts_from_rows", "may_call_now", "member_window", "pressure_of",
]
