"""Issue 15, item 6: an organization's sector facet stays true as its offerings change, with
no reindex (the outbox re-reads the organization of a changed or deleted offering)."""

from directory import search
from directory.extensions import db


def listed(sector, q=""):
    found = search.search(q, kind="organization", filters={"sector": sector})
    return [h.id for h in found.hits]


def test_a_hidden_or_unpublished_offering_no_longer_lists_its_organization(app, make):
    org = make.organization(name="Công ty Thiết bị Quan trắc Cao Lãnh")
    make.offering(org, title="Máy ép bùn băng tải", sectors=("wastewater",))
    station = make.offering(org, title="Trạm quan trắc khí thải tự động", sectors=("air",))
    with app.test_request_context():
        assert listed("air") == [org.id]
        station.hidden = True
        db.session.commit()
        assert listed("air") == []
        station.hidden = False
        db.session.commit()
        assert listed("air") == [org.id]
        station.published = False
        db.session.commit()
        assert listed("air") == []
        assert listed("wastewater") == [org.id]


def test_an_organization_search_with_words_follows_a_changed_offering(client, make):
    org = make.organization(name="Hợp tác xã Môi trường Tháp Mười")
    offering = make.offering(org, title="Lò đốt rác sinh hoạt", sectors=("solid-waste-treatment",))
    with client.application.test_request_context():
        assert listed("solid-waste-treatment", "tháp mười") == [org.id]
    offering.sectors = [make.sector("air")]
    db.session.commit()
    with client.application.test_request_context():
        assert listed("solid-waste-treatment", "tháp mười") == []
        assert listed("air", "tháp mười") == [org.id]
