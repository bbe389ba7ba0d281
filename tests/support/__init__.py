"""Shared test machinery: a throwaway PostgreSQL cluster and migrated database fixtures."""
