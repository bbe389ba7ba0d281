"""My members: the care manager's own members as a table (the first frame of the workstation)."""
