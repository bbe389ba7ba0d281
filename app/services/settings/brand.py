"""The "brand" settings section: the centre's name and logo on every report and in the call
scripts, the same on every workstation (stored in the database, set by admins)."""

import dataclasses
import io

from sqlalchemy.orm import Session

from app.data.uow import Database
from app.domain.brand import DEFAULT_BRAND, BrandSettings, brand_names, check_brand
from app.domain.clock import Clock
from app.domain.settings_values import SettingError
from app.reports.brand import Brand, load_brand
from app.services.settings.store import Section, register_section, settings_in, update_settings
from app.services.users import Actor, Permission, require


def _check(settings: BrandSettings) -> None:
    check_brand(settings)
    if settings.logo:
        # A signature is not enough: a broken image would fail every report, so decode it once here.
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(settings.logo)) as image:
                image.load()
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise SettingError(f"logo: not a readable image ({exc})") from None


register_section(Section("brand", DEFAULT_BRAND, _check))


def report_brand(session: Session) -> Brand:
    """The brand a report or script prints now: the packaged one with the centre's name and logo over it."""
    packaged = load_brand()
    own: BrandSettings = settings_in(session, "brand")
    if own == DEFAULT_BRAND:
        return packaged
    return dataclasses.replace(packaged, name=brand_names(own, packaged.name), logo=own.logo or None)


def show_brand(db: Database, actor: Actor) -> BrandSettings:
    """The centre's brand settings as set (empty values: the packaged brand); any signed-in user."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        return settings_in(session, "brand")


def update_brand(db: Database, actor: Actor, clock: Clock, *, name_zh: str, name_en: str, logo: bytes) -> BrandSettings:
    """Admins only; the values are checked (name length, a readable JPEG or PNG) before storing."""
    update_settings(db, actor, clock, "brand", {"name_zh": name_zh.strip(), "name_en": name_en.strip(), "logo": logo})
    return show_brand(db, actor)
