"""The phone in the workstation: call state on screen, dial and hang-up keys, and the
outcome form pre-filled from the call (the dialer service does the work)."""
