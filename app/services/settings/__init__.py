"""Centre-wide settings in the database (queue rules and other sections)."""

from app.services.settings.store import (
    SECTIONS, Section, load_queue_settings, queue_settings, register_section, settings_in, show_settings,
    stored_sections, update_settings,
)

__all__ = [
    "SECTIONS", "Section", "load_queue_settings", "queue_settings", "register_section", "settings_in",
    "show_settings", "stored_sections", "update_settings",
]
