"""The lists on a record's page, the search results and the open-data lists load what they
show: each costs as many queries with 12 rows as with 3 (tests/test_list_queries.py has the
directory's lists and the shared helper).

Every supplier and buyer differs in what the lists show of it (verification, commune,
service area), so a relationship loaded one row at a time shows up as more queries.
"""

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select

from directory.documents.models import Document, EcoLabel, Installation
from directory.extensions import db
from directory.reference.models import Commune
from directory.timeutil import today_in_vietnam

from .test_list_queries import queries_for

WORDS = quote("nước thải sinh hoạt")


def add_neighbours(make, offering, how_many: int, start: int) -> None:
    """For each i, an organization with an offering that fits the owner's need and a need the
    owner's offering fits; and a label, an installation and a document of that offering."""
    communes = db.session.scalars(select(Commune).order_by(Commune.code)).all()
    today = today_in_vietnam()
    for i in range(start, start + how_many):
        commune = communes[i % len(communes)]
        org = make.organization(
            name=f"Công ty Láng Giềng {i:02d}",
            description="Chuyên xử lý nước thải sinh hoạt.",
            commune=commune.name,
            verification="verified" if i % 2 else "unverified",
        )
        make.offering(
            org,
            title=f"Hệ thống xử lý nước thải sinh hoạt kiểu {i}",
            service_area=(commune.name,),
        )
        make.need(
            org,
            title=f"Cần hệ thống xử lý nước thải sinh hoạt số {i}",
            sectors=("wastewater",),
            commune=communes[(i + 2) % len(communes)].name,
        )
        document = Document(
            organization_id=offering.organization_id,
            offering_id=offering.id,
            kind="eco_label",
            title=f"Giấy chứng nhận số {i}",
            stored_name=f"nhan-{i}",
            content_type="application/pdf",
        )
        db.session.add(document)
        db.session.add(
            EcoLabel(
                offering_id=offering.id,
                document=document,
                scheme="green_label",
                number=f"NXVN-{i:03d}",
                valid_until=today + timedelta(days=100),
                status="verified",
            )
        )
        db.session.add(
            Installation(offering_id=offering.id, place=f"Nhà máy số {i}", commune=commune)
        )
    db.session.commit()


def test_record_pages_and_open_lists_cost_the_same_queries_for_3_rows_as_for_12(
    client, auth, make, count_queries
):
    owner = make.user()
    mine = make.organization(owner=owner, name="Công ty Của Tôi")
    need = make.need(mine, title="Cần hệ thống xử lý nước thải sinh hoạt", sectors=("wastewater",))
    offering = make.offering(mine, title="Hệ thống xử lý nước thải sinh hoạt MBR")
    pages = (
        f"/needs/{need.id}",  # its matching offerings
        f"/offerings/{offering.id}",  # the needs it fits, its labels, installations, documents
        *(f"/search?q={WORDS}&kind={kind}" for kind in ("offering", "need", "organization")),
        f"/api/v1/search?q={WORDS}&per_page=50",
        f"/api/v1/needs/{need.id}/matches?limit=50",
        f"/api/v1/offerings/{offering.id}/matches?limit=50",
        f"/api/v1/offerings/{offering.id}",
        "/api/v1/changes?per_page=100",
        "/api/v1/stats",
        *(f"/api/v1/export/{kind}.ndjson" for kind in ("organizations", "offerings", "needs")),
        "/api/v1/export/needs.csv",
    )
    auth.login(owner)  # its members see the stored matches on the pages
    add_neighbours(make, offering, 3, start=0)
    few = {path: queries_for(client, count_queries, path) for path in pages}
    add_neighbours(make, offering, 9, start=3)
    many = {path: queries_for(client, count_queries, path) for path in pages}
    assert many == few
    need_page = client.get(pages[0]).get_data(as_text=True)
    assert matches_shown(need_page) == 10  # the best ten
    offering_page = client.get(pages[1]).get_data(as_text=True)
    assert matches_shown(offering_page) == 10
    assert "NXVN-011" in offering_page and "Nhà máy số 11" in offering_page
    assert "Giấy chứng nhận số 11" in offering_page
    found = client.get(f"/api/v1/search?q={WORDS}&per_page=50").json["items"]
    assert {item["kind"] for item in found} == {"offering", "need", "organization"}
    for kind in ("offering", "need", "organization"):
        results = client.get(f"/search?q={WORDS}&kind={kind}").get_data(as_text=True)
        assert "Láng Giềng 11" in results, kind
    assert len(client.get("/api/v1/changes?per_page=100").json["items"]) > 36


def matches_shown(page: str) -> int:
    return page.split('id="matches-title"')[1].count('<li class="card">')
