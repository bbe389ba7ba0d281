"""reportlab renderers: report data snapshots in, PDF bytes out; no database."""
