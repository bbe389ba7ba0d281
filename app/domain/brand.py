"""The centre's brand on its reports and call scripts, as an admin sets it for every
workstation ("brand" settings section). Empty values mean the packaged brand."""

from dataclasses import dataclass

from app.domain.settings_values import SettingError

# Stored in the settings row (base64 in JSON) and copied into each report snapshot.
MAX_LOGO_BYTES = 512 * 1024
MAX_NAME_CHARS = 60
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@dataclass(frozen=True)
class BrandSettings:
    name_zh: str = ""  # the name on Chinese reports and scripts; empty: the other name, else the packaged one
    name_en: str = ""
    logo: bytes = b""  # a JPEG or PNG file's bytes; empty: the packaged logo


DEFAULT_BRAND = BrandSettings()


def logo_kind(data: bytes) -> str | None:
    """'png' or 'jpeg' from the file's signature; None for anything else."""
    return next((kind for magic, kind in _SIGNATURES.items() if data.startswith(magic)), None)


def check_brand(settings: BrandSettings) -> None:
    for field in ("name_zh", "name_en"):
        if len(getattr(settings, field).strip()) > MAX_NAME_CHARS:
            raise SettingError(f"{field}: at most {MAX_NAME_CHARS} characters")
    if settings.logo:
        if len(settings.logo) > MAX_LOGO_BYTES:
            raise SettingError(f"logo: at most {MAX_LOGO_BYTES // 1024} KB (this one is {len(settings.logo) // 1024} KB)")
        if logo_kind(settings.logo) is None:
            raise SettingError("logo: not a JPEG or PNG file")


def brand_names(settings: BrandSettings, packaged: dict[str, str]) -> dict[str, str]:
    """The name per report language: each set name stands in for a missing one, so a centre
    that names itself once never shows the packaged name in the other language."""
    zh, en = settings.name_zh.strip(), settings.name_en.strip()
    return {"zh": zh or en or packaged["zh"], "en": en or zh or packaged.get("en", packaged["zh"])}
