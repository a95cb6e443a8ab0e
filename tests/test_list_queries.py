"""Lists load what they show: a page of 40 rows costs as many queries as a page of 5.

Every row here differs in what a list shows of it (commune, zone, sectors, service area,
organization, incubation badge, feature), so a relationship loaded one row at a time shows up
as more queries on the bigger page.
"""

from datetime import date

import pytest
from sqlalchemy import select

from directory.curation.models import Feature
from directory.extensions import db
from directory.incubators.models import Cohort, Incubator, Participation
from directory.reference.models import Commune, IndustrialZone
from directory.timeutil import today_in_vietnam

SECTORS = ("wastewater", "air", "waste-collection", "recycling")
LISTS = (
    "/",
    "/organizations/",
    "/offerings/",
    "/needs/",
    "/api/v1/organizations?per_page=40",
    "/api/v1/offerings?per_page=40",
    "/api/v1/needs?per_page=40",
    "/api/v1/offerings?per_page=40&q=n%C6%B0%E1%BB%9Bc+th%E1%BA%A3i",
    "/api/v1/needs?per_page=40&q=n%C6%B0%E1%BB%9Bc+th%E1%BA%A3i",
)


def add_suppliers(make, how_many: int, start: int) -> None:
    """Organizations, each with an offering and an open need, every row a little different."""
    communes = db.session.scalars(select(Commune).order_by(Commune.code)).all()
    zones = db.session.scalars(select(IndustrialZone).order_by(IndustrialZone.id)).all()
    cohort = db.session.scalar(select(Cohort)) or Cohort(
        incubator=Incubator(name="Vườn ươm Sa Đéc", industrial_zone=zones[0]),
        name="Khóa 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    today = today_in_vietnam()
    for i in range(start, start + how_many):
        commune, zone = communes[i % len(communes)], zones[i % len(zones)]
        org = make.organization(
            name=f"Công ty Môi trường {i:02d}",
            commune=commune.name,
            industrial_zone=zone,
            verification="verified" if i % 2 else "unverified",
        )
        sectors = (SECTORS[i % 4], SECTORS[(i + 1) % 4])
        offering = make.offering(
            org,
            title=f"Xử lý nước thải kiểu {i}",
            sectors=sectors,
            service_area=(commune.name, communes[(i + 7) % len(communes)].name),
        )
        make.need(
            org,
            title=f"Cần xử lý nước thải xưởng {i}",
            sectors=sectors,
            commune=commune.name,
            industrial_zone=zone,
            budget_vnd=1_000_000 * i,
        )
        if i % 3 == 0:
            db.session.add(Participation(cohort=cohort, organization=org, status="active"))
        if i % 5 == 0:
            db.session.add(Feature(offering_id=offering.id, starts_on=today, ends_on=today))
            db.session.add(Feature(organization_id=org.id, starts_on=today, ends_on=today))
    db.session.commit()


def queries_for(client, count_queries, path: str) -> int:
    """The queries one GET of ``path`` costs, body included (an export streams it).

    Each request runs in an app context of its own, so in a session of its own as on a server:
    the test's session (the builders') would otherwise serve the request the rows an earlier
    request loaded, and hide a relationship loaded one row at a time."""
    app = client.application
    with app.app_context():
        assert client.get(path).status_code == 200, path  # warm the per-process caches first
    with app.app_context(), count_queries() as counted:
        response = client.get(path)
        response.get_data()
    assert response.status_code == 200, path
    return counted.n


@pytest.mark.app_config(PER_PAGE=40)
def test_every_list_costs_the_same_queries_for_5_rows_as_for_40(client, make, count_queries):
    add_suppliers(make, 5, start=0)
    small = {path: queries_for(client, count_queries, path) for path in LISTS}
    add_suppliers(make, 35, start=5)
    large = {path: queries_for(client, count_queries, path) for path in LISTS}
    assert large == small
    assert client.get("/api/v1/organizations?per_page=40").json["total"] == 40


@pytest.mark.app_config(PER_PAGE=40)
def test_the_api_shows_the_incubation_badge_of_each_organization_on_a_page(client, make):
    add_suppliers(make, 7, start=0)
    items = client.get("/api/v1/organizations?per_page=40").json["items"]
    badges = {item["name"]: item["incubatee"] for item in items}
    assert badges == {f"Công ty Môi trường {i:02d}": i % 3 == 0 for i in range(7)}
    featured = {item["name"]: item["featured"] for item in items}
    assert featured == {f"Công ty Môi trường {i:02d}": i % 5 == 0 for i in range(7)}


def add_requests(make, how_many: int, start: int) -> None:
    """Organizations asking to be verified, each from its own commune, each audited by its
    own owner (the audit log shows who did what)."""
    from directory.audit.services import record

    communes = db.session.scalars(select(Commune).order_by(Commune.code)).all()
    for i in range(start, start + how_many):
        owner = make.user(name=f"Chủ {i}")
        org = make.organization(
            owner=owner, commune=communes[i % len(communes)].name, verification="pending"
        )
        record(owner, "organization.request_verification", org)
    db.session.commit()


OFFICER_LISTS = ("/officer/verification", "/admin/audit", "/admin/users")


def test_the_officers_lists_cost_the_same_queries_for_5_rows_as_for_20(
    client, auth, make, count_queries
):
    auth.login(make.user(role="admin"))
    add_requests(make, 5, start=0)
    small = {path: queries_for(client, count_queries, path) for path in OFFICER_LISTS}
    add_requests(make, 15, start=5)  # the officers' pages show 20 rows
    large = {path: queries_for(client, count_queries, path) for path in OFFICER_LISTS}
    assert large == small
