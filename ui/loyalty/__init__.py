"""The member programme in the workstation: the header's points bar and its redeem action."""
