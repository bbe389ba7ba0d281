"""caredesk-admin: the headless command line over the same services the desktop uses."""
