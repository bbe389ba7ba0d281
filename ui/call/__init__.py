"""The call in progress: script, outcome form, timers."""
