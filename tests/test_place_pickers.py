"""Every form that asks where something is offers the same places, in the same order, and
refuses a place the province does not have with the same words."""

from html.parser import HTMLParser

import pytest

from directory.documents.models import Installation
from directory.extensions import db
from directory.incubators.services import IncubatorError
from directory.needs.services import NeedError
from directory.reference.models import Commune, IndustrialZone

COMMUNE_REFUSED = "Xã, phường không có trong danh sách của tỉnh Đồng Tháp."
ZONE_REFUSED = "Khu, cụm công nghiệp không có trong danh sách."


class SelectReader(HTMLParser):
    """The options of one <select name=…> as (group, value, text)."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.inside, self.group, self.option = name, False, None, None
        self.options: list[tuple[str | None, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif self.inside and tag == "optgroup":
            self.group = attrs.get("label")
        elif self.inside and tag == "option":
            self.option = [attrs.get("value") or "", ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside, self.group = False, None
        elif tag == "optgroup":
            self.group = None
        elif tag == "option" and self.option is not None:
            self.options.append((self.group, self.option[0], self.option[1].strip()))
            self.option = None


def picker(page: str, name: str) -> list[tuple[str | None, str, str]]:
    reader = SelectReader(name)
    reader.feed(page)
    assert reader.options, f"no <select name={name}> on the page"
    return reader.options


def pickers(client, auth, user, pages) -> dict[str, list]:
    """The options of each (url, select name) as ``user`` sees them, by url."""
    auth.logout()
    auth.login(user)
    return {url: picker(client.get(url).get_data(as_text=True), name) for url, name in pages}


@pytest.fixture
def people(make):
    """A supplier's owner, with an organization and an offering, and an officer."""
    owner = make.user()
    org = make.organization(owner=owner)
    return {
        "owner": owner,
        "org": org,
        "offering": make.offering(org),
        "officer": make.user(role="officer"),
    }


def test_every_form_lists_the_wards_then_the_communes_as_a_vietnamese_reader_looks_for_them(
    client, auth, people
):
    org, offering = people["org"], people["offering"]
    seen = pickers(
        client,
        auth,
        people["owner"],
        [
            ("/organizations/new", "commune"),
            (f"/needs/new?org={org.id}", "commune"),
            (f"/offerings/{offering.id}/installations/new", "commune"),
        ],
    ) | pickers(client, auth, people["officer"], [("/events/new", "commune_code")])
    organization_form = seen.pop("/organizations/new")
    for url, options in seen.items():
        assert options == organization_form, url
    blank, *communes = organization_form
    assert blank == (None, "", "— Chọn xã, phường —")
    assert len(communes) == db.session.query(Commune).count()
    groups = [group for group, _, _ in communes]
    assert groups == sorted(groups, key=lambda g: g != "Phường") and set(groups) == {"Phường", "Xã"}
    wards = [name for group, _, name in communes if group == "Phường"]
    # Đ is read after D, not after Z as its code point would put it
    assert wards.index("Phường Cao Lãnh") < wards.index("Phường Đạo Thạnh")
    assert wards.index("Phường Đạo Thạnh") < wards.index("Phường Gò Công")


def test_the_zone_pickers_list_the_same_parks_and_clusters_and_say_when_none_is_chosen(
    client, auth, people
):
    need_form = f"/needs/new?org={people['org'].id}"
    seen = pickers(
        client,
        auth,
        people["owner"],
        [("/organizations/new", "industrial_zone"), (need_form, "industrial_zone")],
    ) | pickers(client, auth, people["officer"], [("/officer/incubators/new", "industrial_zone")])
    assert seen["/organizations/new"] == seen[need_form]
    assert seen["/organizations/new"][0] == (None, "", "— Không nằm trong khu, cụm công nghiệp —")
    assert seen["/officer/incubators/new"][0] == (None, "", "— Chọn khu, cụm công nghiệp —")
    zones = [(None, str(z.id), z.name) for z in db.session.scalars(db.select(IndustrialZone))]
    for url, (_blank, *options) in seen.items():
        assert sorted(options) == sorted(zones), url


def test_an_event_in_an_unknown_commune_is_refused_and_the_officer_keeps_what_they_typed(
    client, auth, make
):
    auth.login(make.user(role="officer"))
    response = client.post(
        "/events/new",
        data={
            "title": "Hội chợ công nghệ môi trường",
            "commune_code": "99999",
            "starts_on": "10/05/2030",
            "ends_on": "10/05/2030",
            "registration_deadline": "01/05/2030",
            "slot_minutes": "20",
            "tables": "4",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert COMMUNE_REFUSED in page
    assert 'value="Hội chợ công nghệ môi trường"' in page


def test_an_installation_in_an_unknown_commune_is_refused_and_a_known_one_is_kept(
    client, auth, make
):
    owner = make.user()
    offering = make.offering(make.organization(owner=owner))
    auth.login(owner)
    url = f"/offerings/{offering.id}/installations/new"
    response = client.post(url, data={"place": "Trạm xử lý KCN Sa Đéc", "commune": "99999"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert COMMUNE_REFUSED in page
    assert 'value="Trạm xử lý KCN Sa Đéc"' in page
    sa_dec = make.commune("Phường Sa Đéc")
    response = client.post(url, data={"place": "Trạm xử lý KCN Sa Đéc", "commune": sa_dec.code})
    assert response.status_code == 302
    assert db.session.scalars(db.select(Installation)).one().commune_code == sa_dec.code


def test_a_form_page_reads_each_place_list_once(client, auth, make, count_queries):
    auth.login(make.user())
    with count_queries() as counted:
        shown = client.get("/organizations/new")
        refused = client.post("/organizations/new", data={"kind": "company", "commune": "99999"})
    assert shown.status_code == 200 and refused.status_code == 400
    reads = [s for s in counted.statements if "FROM communes" in s or "FROM industrial_zones" in s]
    assert len(reads) == 4  # the communes and the zones, once for each page


@pytest.mark.parametrize(
    ("refusal", "message"),
    [
        (NeedError("unknown-commune", "commune"), COMMUNE_REFUSED),
        (NeedError("unknown-zone", "industrial_zone"), ZONE_REFUSED),
        (IncubatorError("unknown-zone", "industrial_zone"), ZONE_REFUSED),
    ],
)
def test_a_service_refuses_an_unknown_place_in_the_pickers_words(app, refusal, message):
    """A place the service refuses (gone since the form checked it) reads as the form says."""
    with app.test_request_context():
        assert refusal.message == message
