"""Issue 12, items 8 and 10: where a supplier is located vs. the communes it serves, on the
search page and the offerings list, and the sort orders of the search page and needs board."""

from datetime import timedelta

from directory import search
from directory.extensions import db
from directory.timeutil import utcnow

SA_DEC, MY_THO = "Phường Sa Đéc", "Phường Mỹ Tho"


def code_of(make, name):
    return make.commune(name).code


def _two_suppliers(make):
    """A Sa Đéc company serving Mỹ Tho, and a Mỹ Tho company serving only Sa Đéc."""
    sadec = make.organization(name="Công ty Sa Đéc Xanh", commune=SA_DEC)
    mytho = make.organization(name="Công ty Mỹ Tho Sạch", commune=MY_THO)
    serves_mytho = make.offering(sadec, title="Xử lý nước thải tại Mỹ Tho", service_area=(MY_THO,))
    serves_sadec = make.offering(mytho, title="Xử lý nước thải tại Sa Đéc", service_area=(SA_DEC,))
    return serves_mytho, serves_sadec


def test_the_search_page_says_located_and_offers_served(client, make):
    serves_mytho, serves_sadec = _two_suppliers(make)
    mytho = code_of(make, MY_THO)
    page = client.get("/search?q=nuoc thai").get_data(as_text=True)
    assert "Đặt tại xã, phường" in page  # the facet says what it filters
    assert 'name="serves"' in page and "Phục vụ xã, phường" in page

    located = client.get(f"/search?q=nuoc thai&commune={mytho}").get_data(as_text=True)
    assert f'href="/offerings/{serves_sadec.id}"' in located
    assert f'href="/offerings/{serves_mytho.id}"' not in located

    served = client.get(f"/search?q=nuoc thai&serves={mytho}").get_data(as_text=True)
    assert f'href="/offerings/{serves_mytho.id}"' in served
    assert f'href="/offerings/{serves_sadec.id}"' not in served
    # the filter form keeps the words and the other filters
    assert 'type="hidden" name="q" value="nuoc thai"' in served


def test_an_offering_for_the_whole_province_serves_every_commune(client, make):
    org = make.organization(name="Công ty Toàn Tỉnh")
    everywhere = make.offering(org, title="Tư vấn môi trường toàn tỉnh")
    page = client.get(f"/search?q=tu van&serves={code_of(make, SA_DEC)}").get_data(as_text=True)
    assert f'href="/offerings/{everywhere.id}"' in page


def test_the_offerings_list_offers_located_as_well_as_served(client, make):
    serves_mytho, serves_sadec = _two_suppliers(make)
    mytho = code_of(make, MY_THO)
    page = client.get("/offerings/").get_data(as_text=True)
    assert "Phục vụ xã, phường" in page and "Đặt tại xã, phường" in page
    located = client.get(f"/offerings/?located={mytho}").get_data(as_text=True)
    assert "Xử lý nước thải tại Sa Đéc" in located
    assert "Xử lý nước thải tại Mỹ Tho" not in located
    served = client.get(f"/offerings/?commune={mytho}").get_data(as_text=True)
    assert "Xử lý nước thải tại Mỹ Tho" in served
    assert "Xử lý nước thải tại Sa Đéc" not in served
    assert client.get("/offerings/?located=%C3%A9x").status_code == 200


def _aged(record, days):
    record.created_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_search_sorts_by_relevance_newest_and_deadline(client, make):
    org = make.organization(name="Khu công nghiệp Sa Đéc")
    old = make.need(org, title="Cần xử lý bùn thải", deadline_in_days=5)
    new = make.need(org, title="Cần xử lý bùn thải và nước thải", deadline_in_days=50)
    _aged(old, 30)
    search.reindex()
    page = client.get("/search?q=bun thai").get_data(as_text=True)
    assert "Phù hợp nhất" in page and "sort=newest" in page and "sort=deadline" in page

    newest = client.get("/search?q=bun thai&sort=newest").get_data(as_text=True)
    assert newest.index(f"/needs/{new.id}") < newest.index(f"/needs/{old.id}")
    assert '<strong aria-current="true">Mới nhất</strong>' in newest

    soonest = client.get("/search?q=bun thai&sort=deadline").get_data(as_text=True)
    assert soonest.index(f"/needs/{old.id}") < soonest.index(f"/needs/{new.id}")

    browsing = client.get("/search?kind=need").get_data(as_text=True)
    assert "Theo tên" in browsing and "Phù hợp nhất" not in browsing
    offerings_only = client.get("/search?kind=offering").get_data(as_text=True)
    assert "sort=deadline" not in offerings_only
    assert client.get("/search?q=bun&sort=%C3%A9").status_code == 200


def test_the_needs_board_sorts_by_deadline(client, make):
    org = make.organization(name="UBND Phường Sa Đéc")
    later = make.need(org, title="Nhu cầu hạn xa", deadline_in_days=80)
    none = make.need(org, title="Nhu cầu không hạn", deadline_in_days=None)
    soon = make.need(org, title="Nhu cầu hạn gần", deadline_in_days=3)
    board = client.get("/needs/?sort=deadline").get_data(as_text=True)
    positions = [board.index(f'/needs/{n.id}"') for n in (soon, later, none)]
    assert positions == sorted(positions)
    default = client.get("/needs/").get_data(as_text=True)
    assert default.index(f'/needs/{soon.id}"') < default.index(f'/needs/{later.id}"')
    assert "Hạn chót gần nhất" in default
    assert client.get("/needs/?sort=robot").status_code == 200
