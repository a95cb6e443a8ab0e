"""Names typed without accents find what they name, wherever a person types a name."""

from directory.incubators.queries import find_organizations


def test_an_officer_finds_a_participant_typed_without_accents(app, make):
    green = make.organization(name="Công ty TNHH Tái chế Xanh")
    make.organization(name="Công ty Tai Che Do")  # unaccented on purpose: a different name
    make.organization(name="Hợp tác xã Tài Chế")
    with app.app_context():
        assert [o.id for o in find_organizations("tai che xanh", exclude=set())] == [green.id]
        assert [o.id for o in find_organizations("Tái chế Xanh", exclude=set())] == [green.id]
        # Accents typed are meant: "Tài" is not "Tái".
        names = [o.name for o in find_organizations("Tài chế", exclude=set())]
        assert names == ["Hợp tác xã Tài Chế"]


def test_the_api_commune_filter_reads_a_name_without_accents(client, make):
    org = make.organization()
    here = make.need(org, title="Cần hút bùn bể tự hoại", commune="Phường Mỹ Phước Tây")
    make.need(org, title="Cần máy ép bùn", commune="Phường Mỹ Tho")
    for typed in ("Phuong My Phuoc Tay", "phường mỹ phước tây", "Phường Mỹ Phước Tây"):
        body = client.get(f"/api/v1/needs?commune={typed}").get_json()
        assert [item["id"] for item in body["items"]] == [here.id], typed


def test_an_unaccented_name_of_two_communes_is_refused_with_a_message(client, make):
    response = client.get("/api/v1/needs?commune=Xa Tan Thanh")  # Tân Thành or Tân Thạnh?
    assert response.status_code == 400
    assert "xã/phường" in response.get_json()["error"]["message"]


def test_the_api_offering_commune_filter_reads_a_name_without_accents(client, make):
    org = make.organization()
    here = make.offering(org, title="Hút bùn bể tự hoại", service_area=("Phường Mỹ Phước Tây",))
    make.offering(org, title="Máy ép bùn", service_area=("Phường Mỹ Tho",))
    for typed in ("Phuong My Phuoc Tay", "PHUONG MY PHUOC TAY", "phường mỹ phước tây"):
        body = client.get(f"/api/v1/offerings?commune={typed}").get_json()
        assert [item["id"] for item in body["items"]] == [here.id], typed
