"""The agent's queue for today: ordered members to call, filtered and searched, refreshed live."""
