"""Pure rules and value types of the care follow-up domain: no I/O, no Qt."""
