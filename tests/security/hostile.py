"""The hostile-input set the security tests run through every door."""

# Every kind of hostile text; over-long is past every field's limit.
HOSTILE = {
    "over_long": "王" * 5000,
    "nul": "王\x00芳",
    "control": "王\x07芳",
    "escape_sequence": "王\x1b[2J芳",
    "bidi_override": "王\u202e芳.exe",
    "bidi_isolate": "王\u2067芳",
    "lone_surrogate": "王\ud800芳",
}
HOSTILE_IDS = [2**63, 2**64 + 5, 0, -3]
HOSTILE_DATES = ["0001-01-01", "9999-12-31"]
