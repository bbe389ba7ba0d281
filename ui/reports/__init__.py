"""Desktop side of the care reports (issue 7): preview and save one report, export a batch."""
