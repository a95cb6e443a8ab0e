"""First listings of new organizations wait for an officer (a desk setting, off by default).

With the setting on, an offering or need published by an organization nobody has verified,
while none of its listings is public yet, is held: hidden with a reason before it is committed
(so it never reaches the index or the home page) and put first in the moderation queue as
waiting for review. An officer shows it with the usual "Hiển thị lại" (audited, owners told).
Once one listing is public, or the organization is verified, later listings appear at once.
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..audit.services import record as audit
from ..extensions import db
from .models import MODERATION_ACTIONS, CurationEvent, DeskSetting
from .services import MODELS, add_event, kind_of, require_officer

HOLD_FIRST_LISTINGS = "hold_first_listings"
# Stored on the record (the owners read it on its page): in the site's first language.
HOLD_REASON = "Tin đầu tiên của tổ chức chưa được xác minh: chờ cán bộ Sở Công Thương duyệt."
SETTING_LABELS = {
    HOLD_FIRST_LISTINGS: _l(
        "Tin đầu tiên của tổ chức mới (chưa xác minh) chờ cán bộ duyệt trước khi công khai"
    ),
}


def holding_first_listings() -> bool:
    setting = db.session.get(DeskSetting, HOLD_FIRST_LISTINGS)
    return setting is not None and setting.value == "1"


def set_holding_first_listings(actor, on: bool) -> None:
    """Turn the hold on or off for listings published from now on (held ones stay held)."""
    require_officer(actor)
    setting = db.session.get(DeskSetting, HOLD_FIRST_LISTINGS)
    before = {"value": setting.value if setting else "0"}
    if setting is None:
        setting = DeskSetting(key=HOLD_FIRST_LISTINGS)
        db.session.add(setting)
    setting.value, setting.updated_by_id = ("1" if on else "0"), actor.id
    db.session.flush()
    summary = f"{HOLD_FIRST_LISTINGS}: {before['value']} → {setting.value}"
    audit(actor, "desk.setting", setting, summary, before, {"value": setting.value})
    db.session.commit()


def _has_public_listing(org, besides) -> bool:
    for listing in (*org.offerings, *org.needs):
        if listing is not besides and listing.is_public:
            return True
    return False


def hold_if_first(listing, actor=None, **_) -> None:
    """Receiver of ``signals.listing_published``: hold the listing when the setting says so."""
    org = listing.organization
    if org.is_verified or not holding_first_listings() or _has_public_listing(org, listing):
        return
    listing.hidden, listing.hidden_reason = True, HOLD_REASON
    add_event(listing, "review_requested", actor, HOLD_REASON)
    kind = kind_of(listing)
    audit(actor, f"{kind}.hold", listing, HOLD_REASON, {"hidden": False}, {"hidden": True})


def held_count() -> int:
    """Hidden offerings and needs whose latest moderation step is a review request: the
    held first listings and those their owners fixed (the moderation queue lists them first)."""
    total = 0
    for kind in ("offering", "need"):
        model: Any = MODELS[kind]
        column = getattr(CurationEvent, f"{kind}_id")
        latest = (
            select(column, func.max(CurationEvent.id).label("last"))
            .where(column.is_not(None), CurationEvent.action.in_(MODERATION_ACTIONS))
            .group_by(column)
            .subquery()
        )
        stmt = (
            select(func.count())
            .select_from(model)
            .join(latest, latest.c[column.key] == model.id)
            .join(CurationEvent, CurationEvent.id == latest.c.last)
            .where(model.hidden.is_(True), CurationEvent.action == "review_requested")
        )
        total += db.session.scalar(stmt) or 0
    return total
