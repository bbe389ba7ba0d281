"""Team-mode pieces of the window: server settings, sync status, the background pusher."""
