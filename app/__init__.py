"""CareDesk: care follow-up call-centre workstation (headless core, no Qt)."""
