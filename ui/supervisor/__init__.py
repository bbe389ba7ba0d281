"""The supervisor console (issue 8): live KPIs, charts, the floor, alerts, tickets, reassignment."""
