"""A supplier declares a Green Label, an officer verifies it against the certificate, buyers
see the badge, filter search by it and read it among the match reasons; it expires by itself."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from directory import search
from directory.documents import services
from directory.documents.models import Document, EcoLabel, Installation
from directory.extensions import db
from directory.timeutil import today_in_vietnam

from .documents_files import pdf
from .test_documents import upload


@pytest.fixture
def declared(make, auth, client):
    """A supplier's offering with a pending Green Label and its certificate."""
    owner = make.user(email="chu@mangloc.vn")
    org = make.organization(owner=owner, name="Công ty TNHH Màng Lọc Sa Đéc")
    offering = make.offering(org, title="Hệ thống lọc nước thải màng sinh học MBR")
    auth.login(owner)
    upload(client, org, pdf(), offering=offering)
    response = client.post(
        f"/offerings/{offering.id}/labels/new",
        data={
            "scheme": "green_label",
            "number": "NX-2026-015",
            "scope": "Hệ thống lọc MBR 20–500 m³/ngày",
            "valid_until": (today_in_vietnam() + timedelta(days=400)).isoformat(),
            "document": "1",
        },
    )
    assert response.status_code == 302
    auth.logout()
    return offering


def label() -> EcoLabel:
    return db.session.scalars(select(EcoLabel)).one()


def eco_filtered(client) -> str:
    return client.get("/search?kind=offering&eco_label=1").get_data(as_text=True)


def test_an_officer_verifies_a_label_the_badge_shows_and_the_owner_is_told(
    client, auth, make, outbox, declared
):
    page = client.get(f"/offerings/{declared.id}").get_data(as_text=True)
    assert "badge-eco" not in page and "hiệu lực đến" not in page  # pending: not public
    assert "Hệ thống lọc nước thải" not in eco_filtered(client)

    officer = make.user(role="officer")
    auth.login(officer)
    assert "NX-2026-015" in client.get("/officer/labels").get_data(as_text=True)
    detail = client.get(f"/officer/labels/{label().id}").get_data(as_text=True)
    assert "/documents/1/file" in detail
    response = client.post(
        f"/officer/labels/{label().id}/verify", data={"note": "Đã đối chiếu bản gốc."}
    )
    assert response.status_code == 302
    auth.logout()

    page = client.get(f"/offerings/{declared.id}").get_data(as_text=True)
    assert "badge-eco" in page and "hiệu lực đến" in page
    assert "Hệ thống lọc nước thải" in eco_filtered(client)
    to, subject, body = outbox()[-1]
    assert to == "chu@mangloc.vn" and "đã được xác minh" in subject
    assert "http://localhost/offerings/" in body


def test_an_officer_rejects_with_a_reason_and_the_owner_is_told(
    client, auth, make, outbox, declared
):
    auth.login(make.user(role="officer"))
    url = f"/officer/labels/{label().id}/reject"
    assert client.post(url, data={"note": ""}).status_code == 400  # a reason is required
    assert client.post(url, data={"note": "Số chứng nhận không khớp."}).status_code == 302
    assert label().status == "rejected"
    to, subject, body = outbox()[-1]
    assert "chưa được xác minh" in subject and "Số chứng nhận không khớp." in body
    assert client.post(url, data={"note": "lần nữa"}).status_code == 400  # already decided


def test_only_officers_decide(client, auth, make, declared):
    url = f"/officer/labels/{label().id}/verify"
    assert client.post(url, data={"note": "x"}).status_code in (302, 403)
    auth.login(make.user())
    assert client.post(url, data={"note": "x"}).status_code == 403
    assert client.get("/officer/labels").status_code == 403
    assert label().status == "pending"


def test_a_label_expires_its_badge_and_facet_go_after_a_reminder(
    app, client, runner, make, outbox, declared
):
    officer = make.user(role="officer")
    services.verify_label(officer, label(), "Đã đối chiếu.")
    assert "Hệ thống lọc nước thải" in eco_filtered(client)
    today = today_in_vietnam()

    label().valid_until = today + timedelta(days=30)
    db.session.commit()
    result = runner.invoke(args=["check-labels"])
    assert "Reminders sent: 1" in result.output
    assert "sắp hết hiệu lực" in outbox()[-1][1]
    assert "Reminders sent: 0" in runner.invoke(args=["check-labels"]).output  # once only

    label().valid_until = today - timedelta(days=1)
    db.session.commit()
    assert "badge-eco" not in client.get(f"/offerings/{declared.id}").get_data(
        as_text=True
    )  # the badge checks the date by itself
    result = runner.invoke(args=["check-labels"])
    assert "expired labels taken off search: 1" in result.output
    assert "Hệ thống lọc nước thải" not in eco_filtered(client)


def test_a_buyer_reads_the_label_among_the_match_reasons(make, declared):
    services.verify_label(make.user(role="officer"), label(), "Đã đối chiếu.")
    buyer = make.organization(name="Khu công nghiệp Sa Đéc")
    need = make.need(buyer, title="Cần hệ thống lọc nước thải màng sinh học MBR")
    matches = search.matches_for_need(need)
    assert matches and "Có nhãn sinh thái đã xác minh" in matches[0].reasons


def test_a_label_needs_the_organizations_own_certificate(client, auth, make, declared):
    other = make.organization(owner=make.user())
    upload_owner = make.user()
    auth.login(upload_owner)
    response = client.post(
        f"/offerings/{declared.id}/labels/new",
        data={"scheme": "green_label", "number": "X", "valid_until": "2030-01-01", "document": "1"},
    )
    assert response.status_code == 403  # not a member of the supplier
    assert other.id != declared.organization_id


def test_an_installation_is_listed_with_the_client_only_if_they_agreed(client, auth, declared):
    auth.login("chu@mangloc.vn")
    for client_name, consent in (("Nhà máy Thủy sản A", "y"), ("Nhà máy B", "")):
        response = client.post(
            f"/offerings/{declared.id}/installations/new",
            data={
                "place": "Khu công nghiệp Sa Đéc",
                "year": "2025",
                "capacity": "300 m³/ngày",
                "client": client_name,
                "client_consent": consent,
            },
        )
        assert response.status_code == 302
    auth.logout()
    page = client.get(f"/offerings/{declared.id}").get_data(as_text=True)
    assert "Nhà máy Thủy sản A" in page and "Nhà máy B" not in page
    assert len(db.session.scalars(select(Installation)).all()) == 2
    response = client.post(f"/offerings/{declared.id}/installations/new", data={"year": "abc"})
    assert response.status_code == 302  # anonymous: to the login page


def test_the_api_shows_verified_labels_and_installations_never_officer_only_files(
    client, make, declared
):
    org = declared.organization
    services.add_installation(
        org.memberships[0].user,
        declared,
        {"place": "KCN Sa Đéc", "year": 2025, "client": "Nhà máy B", "client_consent": False},
    )
    body = client.get(f"/api/v1/offerings/{declared.id}").get_json()
    assert body["labels"] == []  # pending
    assert body["installations"][0]["place"] == "KCN Sa Đéc"
    assert body["installations"][0]["client"] is None
    services.verify_label(make.user(role="officer"), label(), "Đã đối chiếu.")
    listed = client.get("/api/v1/offerings").get_json()["items"][0]
    assert listed["labels"][0]["number"] == "NX-2026-015"
    assert "file" not in str(listed["labels"])


def test_a_buyer_reads_that_the_offering_is_installed_in_their_commune(make, declared):
    owner = declared.organization.memberships[0].user
    phong = make.commune("Phường Mỹ Phong")
    services.add_installation(
        owner,
        declared,
        {"place": "Trạm xử lý KCN", "commune_code": phong.code, "application": "thủy sản"},
    )
    buyer = make.organization(name="Công ty Chế biến Thủy sản Mỹ Phong")
    need = make.need(
        buyer, title="Cần hệ thống lọc nước thải màng sinh học MBR", commune="Phường Mỹ Phong"
    )
    reasons = search.matches_for_need(need)[0].reasons
    assert any("Đã có công trình lắp đặt tại Phường Mỹ Phong" in r for r in reasons)


def test_the_yearly_report_counts_labelled_products_per_sector(client, auth, make, declared):
    services.verify_label(make.user(role="officer"), label(), "Đã đối chiếu.")
    year = today_in_vietnam().year
    auth.login(make.user(role="officer"))
    page = client.get(f"/officer/reports/{year}").get_data(as_text=True)
    assert "Dán nhãn sản phẩm công nghiệp môi trường" in page
    csv = client.get(f"/officer/reports/{year}/export.csv?table=labelling").get_data(as_text=True)
    wastewater = next(line for line in csv.splitlines() if "nước thải" in line.lower())
    assert wastewater.split(",")[1:3] == ["1", "1"]


def test_the_certificate_of_a_label_stays_until_the_label_is_deleted(client, auth, declared):
    owner = declared.organization.memberships[0].user
    auth.login(owner)
    refused = client.post("/documents/1/delete", follow_redirects=True)
    assert "giấy chứng nhận của nhãn NX-2026-015" in refused.get_data(as_text=True)
    assert db.session.get(Document, 1) is not None and label().document_id == 1

    services.delete_label(owner, label())
    assert client.post("/documents/1/delete").status_code == 302
    assert db.session.get(Document, 1) is None
