"""The agent workstation: queue, member 360, live script and outcome form in one window."""
