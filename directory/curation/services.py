"""The curation desk: what verification, moderation and feature periods share, and features.

Every state-changing function takes the acting user, checks what that user may do, writes the
audit entry in the same transaction as the change, commits, and only then sends mail.
Problems the user can fix raise ``CurationError`` with the form field to mark.

Other areas use ``is_featured(obj)`` and ``featured_ids(kind)`` (the API's ``featured`` flag,
search's "Nổi bật" marks) and ``featured_items()`` (the home page).
"""

from datetime import date, timedelta

from flask import g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import search
from ..audit.services import record as audit
from ..audit.services import snapshot
from ..domain import DomainError
from ..extensions import db
from ..mail import send_mail
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Membership, Organization
from ..permissions import is_member, require, require_officer
from ..timeutil import today_in_vietnam
from .models import FEATURE_KINDS, CurationEvent, Feature

Record = Organization | Offering | Need  # what officers verify, feature and moderate
MODELS: dict[str, type[Record]] = {
    "organization": Organization,
    "offering": Offering,
    "need": Need,
}
KIND_OF = {model: kind for kind, model in MODELS.items()}
MAX_FEATURE_DAYS = 366
FEATURE_FIELDS = ("organization_id", "offering_id", "starts_on", "ends_on", "reason", "position")


class CurationError(DomainError):
    """A problem the user can fix; ``field`` names the form field to show it next to."""

    messages = {
        "not-featurable": _l("Chỉ có thể đưa doanh nghiệp hoặc giải pháp lên nổi bật."),
        "not-public": _l("Bản ghi này đang ẩn hoặc chưa đăng nên không thể nổi bật."),
        "dates-reversed": _l("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
        "ends-in-past": _l("Ngày kết thúc đã qua; chọn một ngày từ hôm nay trở đi."),
        "too-long": _l("Một đợt nổi bật dài tối đa %(days)d ngày."),
        "overlap": _l(
            "Bản ghi này đã có một đợt nổi bật trùng thời gian; hãy kết thúc đợt đó trước."
        ),
        "unknown-record": _l("Không tìm thấy bản ghi này."),
        "already-hidden": _l("Bản ghi này đang bị ẩn."),
        "not-hidden": _l("Bản ghi này đang hiển thị."),
        "visible-no-review": _l("Bản ghi này đang hiển thị, không cần xem xét lại."),
        "review-pending": _l("Yêu cầu xem xét đã được gửi; cán bộ Sở sẽ xem xét sớm."),
        "already-verified": _l("Tổ chức này đã được xác minh."),
        "already-rejected": _l("Yêu cầu xác minh của tổ chức này đã bị từ chối trước đó."),
        "verification-pending": _l("Yêu cầu xác minh đã được gửi; cán bộ Sở sẽ xem xét sớm."),
    }


def require_member(user, org) -> None:
    require(is_member(user, org))


# Records and their history -----------------------------------------------------------------


def kind_of(obj) -> str:
    return KIND_OF[type(obj)]


def find_record(kind: str, record_id: int):
    """The organization, offering or need with this id, or None (also for unknown kinds)."""
    model = MODELS.get(kind)
    if model is None:
        return None
    return db.session.get(model, record_id)


CANDIDATES = 15  # records offered to pick from on "Thêm nổi bật"


def feature_candidates(kind: str, text: str) -> list:
    """Public organizations or offerings whose name matches what the officer typed (with or
    without accents), best first, as the search page ranks them."""
    if kind not in FEATURE_KINDS or not (text or "").strip():
        return []
    ids = search.search_ids(text[:200], kind, limit=CANDIDATES)
    model = Organization if kind == "organization" else Offering
    stmt = select(model).where(model.id.in_(ids))
    if model is Offering:
        stmt = stmt.options(selectinload(Offering.organization))  # is_public and the list ask
    found: list = list(db.session.scalars(stmt))
    rows = {row.id: row for row in found}
    return [rows[i] for i in ids if i in rows and rows[i].is_public]


def organization_of(obj) -> Organization:
    return obj if isinstance(obj, Organization) else obj.organization


def title_of(obj) -> str:
    return obj.name if isinstance(obj, Organization) else obj.title


def add_event(obj, action: str, actor, note: str = "") -> CurationEvent:
    event = CurationEvent(action=action, note=note or "", actor_id=getattr(actor, "id", None))
    setattr(event, f"{kind_of(obj)}_id", obj.id)
    db.session.add(event)
    return event


def _history(obj, actions=None):
    column = getattr(CurationEvent, f"{kind_of(obj)}_id")
    stmt = select(CurationEvent).where(column == obj.id)
    if actions:
        stmt = stmt.where(CurationEvent.action.in_(actions))
    return stmt.order_by(CurationEvent.at.desc(), CurationEvent.id.desc())


def events_for(obj, actions=None) -> list[CurationEvent]:
    """The record's curation history, newest first, with the officer of each step."""
    stmt = _history(obj, actions).options(selectinload(CurationEvent.actor))
    return list(db.session.scalars(stmt))


def latest_event(obj, actions) -> CurationEvent | None:
    return db.session.scalars(_history(obj, actions).limit(1)).first()


def owner_emails(org: Organization) -> list[str]:
    """Who hears about the desk's decisions: the owners, or every member if none is owner."""
    memberships = db.session.scalars(
        select(Membership).filter_by(organization_id=org.id).order_by(Membership.id)
    ).all()
    owners = [m for m in memberships if m.role == "owner"] or memberships
    return [m.user.email for m in owners if m.user.active]


def mail_owners(obj, subject: str, template: str, **context) -> None:
    org = organization_of(obj)
    for email in owner_emails(org):
        send_mail(email, subject, template, record=obj, organization=org, **context)


# Feature periods ---------------------------------------------------------------------------


def _cache() -> dict:
    if not has_app_context():
        return {}
    if "featured_ids" not in g:
        g.featured_ids = {}
    return g.featured_ids


def featured_ids(kind: str, day: date | None = None) -> set[int]:
    """Ids of the organizations or offerings featured on ``day`` (default today in Vietnam).

    Features stop by themselves: a period is a pair of dates compared with today.
    Cached for the rest of the request.
    """
    if kind not in FEATURE_KINDS:
        return set()
    day = day or today_in_vietnam()
    cache = _cache()
    if (kind, day) not in cache:
        column = getattr(Feature, f"{kind}_id")
        stmt = select(column).where(
            column.is_not(None), Feature.starts_on <= day, Feature.ends_on >= day
        )
        cache[(kind, day)] = set(db.session.scalars(stmt))
    return cache[(kind, day)]


def featured_records() -> set[tuple[str, int]]:
    """(kind, id) of every record featured today: what search ranks first."""
    return {(kind, id_) for kind in FEATURE_KINDS for id_ in featured_ids(kind)}


def is_featured(obj, day: date | None = None) -> bool:
    kind = KIND_OF.get(type(obj))
    return kind in FEATURE_KINDS and obj.id in featured_ids(kind, day)


def featured_items(limit: int = 6, day: date | None = None) -> list[Feature]:
    """Today's features of public records, in the officers' order (one entry per record)."""
    day = day or today_in_vietnam()
    stmt = (
        select(Feature)
        .where(Feature.starts_on <= day, Feature.ends_on >= day)
        .order_by(Feature.position, Feature.starts_on.desc(), Feature.id)
        .options(
            selectinload(Feature.organization).selectinload(Organization.commune),
            selectinload(Feature.offering).selectinload(Offering.organization),
        )
    )
    items, seen = [], set()
    for feature in db.session.scalars(stmt):
        key = (feature.kind, feature.record.id if feature.record else None)
        if feature.record is None or key in seen or not feature.record.is_public:
            continue
        seen.add(key)
        items.append(feature)
        if len(items) >= limit:
            break
    return items


def features_overview(day: date | None = None) -> dict[str, list[Feature]]:
    """Current, upcoming and recently ended features for the officers' page."""
    day = day or today_in_vietnam()
    order = (Feature.position, Feature.starts_on, Feature.id)
    shown = select(Feature).options(  # what the page shows of each: the record, who added it
        selectinload(Feature.organization),
        selectinload(Feature.offering).selectinload(Offering.organization),
        selectinload(Feature.created_by),
    )
    # Current and upcoming in one query: a feature that starts after today ends after it too.
    live = list(db.session.scalars(shown.where(Feature.ends_on >= day).order_by(*order)))
    ended = shown.where(Feature.ends_on < day).order_by(Feature.ends_on.desc()).limit(20)
    return {
        "current": [f for f in live if f.starts_on <= day and f.record],
        "upcoming": [f for f in live if f.starts_on > day and f.record],
        "ended": [f for f in db.session.scalars(ended) if f.record],
    }


def create_feature(
    actor, record, starts_on: date, ends_on: date, reason: str, position: int = 0
) -> Feature:
    """Feature a public organization or offering for a period that has not ended yet."""
    require_officer(actor)
    kind = KIND_OF.get(type(record))
    if kind not in FEATURE_KINDS:
        raise CurationError("not-featurable", "record")
    if not record.is_public:
        raise CurationError("not-public", "record")
    if ends_on < starts_on:
        raise CurationError("dates-reversed", "ends_on")
    if ends_on < today_in_vietnam():
        raise CurationError("ends-in-past", "ends_on")
    if ends_on - starts_on > timedelta(days=MAX_FEATURE_DAYS - 1):
        raise CurationError("too-long", "ends_on", days=MAX_FEATURE_DAYS)
    column = getattr(Feature, f"{kind}_id")
    overlap = db.session.scalar(
        select(Feature.id).where(
            column == record.id, Feature.starts_on <= ends_on, Feature.ends_on >= starts_on
        )
    )
    if overlap is not None:
        raise CurationError(
            "overlap",
            "starts_on",
        )
    feature = Feature(
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        position=position,
        created_by_id=actor.id,
    )
    setattr(feature, f"{kind}_id", record.id)
    db.session.add(feature)
    db.session.flush()
    audit(
        actor,
        f"{kind}.feature",
        record,
        title_of(record),
        after=snapshot(feature, FEATURE_FIELDS),
    )
    db.session.commit()
    _cache().clear()
    return feature


def end_feature(actor, feature: Feature) -> None:
    """Take a record off the featured list now (the feature period is removed)."""
    require_officer(actor)
    record = feature.record
    before = snapshot(feature, FEATURE_FIELDS)
    audit(
        actor,
        f"{feature.kind}.unfeature",
        record,
        title_of(record),
        before=before,
    )
    db.session.delete(feature)
    db.session.commit()
    _cache().clear()
