"""Centre-wide settings in the database (queue rules, the brand and other sections)."""

from app.services.settings.store import (
    SECTIONS, STORED_TEXT, Section, load_queue_settings, queue_settings, register_section, settings_from_stored,
    settings_in, show_settings, stored_sections, update_settings,
)
from app.services.settings.brand import report_brand, show_brand, update_brand  # registers "brand"

__all__ = [
    "SECTIONS", "STORED_TEXT", "Section", "load_queue_settings", "queue_settings", "register_section", "report_brand",
    "settings_from_stored", "settings_in", "show_brand", "show_settings", "stored_sections", "update_brand", "update_settings",
]
