"""Use cases: each takes a database (unit of work) and the acting user, and checks permissions."""
