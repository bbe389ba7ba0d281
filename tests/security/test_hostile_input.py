"""Hostile input is refused by the domain's limits with a message, the same on both engines."""

import subprocess
import sys

import pytest

from app.domain.limits import MAX_ID, id_problem, text_problem

BEYOND_64_BITS = str(2**64 + 5)


@pytest.mark.parametrize("args", [
    ["outcome", "record", "--task", BEYOND_64_BITS, "--agent", "li", "--json", "-"],
    ["member", "show", BEYOND_64_BITS],
    ["report", "member", BEYOND_64_BITS],
    ["tickets", "resolve", BEYOND_64_BITS],
    ["member", "show", "-3"],
])
def test_ids_beyond_64_bits_are_refused_with_a_message_on_both_engines(db_url, args):
    results = []
    run = subprocess.run([sys.executable, "-m", "app", "--db", db_url, *args], capture_output=True, text=True,
                         timeout=120)
    results.append((run.returncode, "an id is a whole number" in run.stderr, "Traceback" in run.stderr))
    assert results == [(2, True, False)], run.stderr


def test_the_limits_rule():
    assert id_problem(MAX_ID) is None and id_problem(MAX_ID + 1) and id_problem(0)
    assert text_problem("王芳", max_length=2) is None
    assert text_problem("王芳x", max_length=2) == "at most 2 characters"
    assert text_problem("a\x00b", max_length=10)
    assert text_problem("a\nb", max_length=10) and text_problem("a\nb", max_length=10, multiline=True) is None
