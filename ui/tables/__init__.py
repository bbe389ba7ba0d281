"""The table kit: one generic read-only model over frozen rows for every table of the app."""
