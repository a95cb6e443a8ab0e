"""Issue 12, item 12: "Thêm nổi bật" finds the record by a piece of its name (typed with or
without accents) and the officer picks it from the list; no id or link to copy, no script."""

from sqlalchemy import select

from directory.curation.models import Feature
from directory.extensions import db

from .test_curation_features import feature_form, officer  # noqa: F401  (a fixture)

URL = "/officer/features/new"


def test_an_officer_finds_an_offering_by_name_and_features_it(client, make, officer):  # noqa: F811
    org = make.organization(name="Công ty Môi trường Xanh")
    mbr = make.offering(org, title="Hệ thống xử lý nước thải MBR")
    make.offering(org, title="Lò đốt rác công nghiệp", sectors=("solid-waste-treatment",))
    hidden = make.offering(org, title="Hệ thống xử lý nước thải cũ", published=False)

    page = client.get(URL, query_string={"kind": "offering", "q": "xu ly nuoc"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'type="radio" name="record" value="{mbr.id}"' in html
    assert "Hệ thống xử lý nước thải MBR · Công ty Môi trường Xanh" in html
    assert "Lò đốt rác" not in html
    assert f'value="{hidden.id}"' not in html  # only public records can be featured

    data = feature_form(mbr)
    response = client.post(f"{URL}?kind=offering&q=xu+ly+nuoc", data=data)
    assert response.status_code == 302
    assert db.session.scalar(select(Feature.offering_id)) == mbr.id


def test_a_refused_pick_keeps_the_list_and_the_choice(client, make, officer):  # noqa: F811
    org = make.organization(name="HTX Tái chế Phú Hựu")
    response = client.post(
        f"{URL}?kind=organization&q=tai che",
        data=feature_form(org, kind="organization", reason=""),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'name="record" value="{org.id}" checked' in html
    assert db.session.scalar(select(Feature)) is None


def test_nothing_found_leaves_the_id_field(client, make, officer):  # noqa: F811
    page = client.get(URL, query_string={"kind": "offering", "q": "zzzz"}).get_data(as_text=True)
    assert "Không có bản ghi công khai nào khớp" in page
    assert 'name="record" type="text"' in page or 'id="record"' in page
    for odd in ("%00", "x" * 500, "🙂"):
        assert client.get(URL, query_string={"kind": "robot", "q": odd}).status_code == 200


def test_only_officers_look_records_up(client, make, auth):
    assert client.get(URL, query_string={"q": "x"}).status_code in (302, 401)
    auth.login(make.user())
    assert client.get(URL, query_string={"q": "x"}).status_code in (403, 404)
