"""The home page introduces the programme and leads visitors into the directory."""

from directory.extensions import db


def test_the_home_page_introduces_the_programme_and_invites_registration(client, make):
    page = client.get("/").get_data(as_text=True)
    assert "<title>Trang chủ" in page and "<h1>" in page
    assert "524/KH-UBND" in page and "Sở Công Thương" in page
    assert 'href="/account/signup"' in page
    assert "Chưa có giải pháp nào được đăng." in page and "Chưa có nhu cầu nào đang mở." in page


def test_signed_in_visitors_are_invited_to_register_their_organization(client, auth, make):
    auth.login(make.user())
    assert 'href="/organizations/new"' in client.get("/").get_data(as_text=True)


def test_sector_tiles_count_published_offerings_and_link_to_the_filtered_directory(client, make):
    org = make.organization()
    make.offering(org, sectors=("wastewater",))
    make.offering(org, sectors=("wastewater", "air"))
    make.offering(org, sectors=("wastewater",), published=False)
    make.offering(make.organization(hidden=True), sectors=("wastewater",))
    page = client.get("/").get_data(as_text=True)
    tile = page.split('href="/offerings/?sector=wastewater"')[1][:200]
    assert "Xử lý nước thải" in tile and "2 giải pháp" in tile
    assert "1 giải pháp" in page.split('href="/offerings/?sector=air"')[1][:200]
    assert "0 giải pháp" in page.split('href="/offerings/?sector=consulting"')[1][:200]


def test_newest_offerings_and_open_needs_are_shown(client, make):
    org = make.organization(name="Ban quản lý CCN Tân Mỹ Chánh")
    make.offering(org, title="Máy ép bùn băng tải")
    make.need(org, title="Cần xử lý bùn thải 5 tấn/ngày")
    make.need(org, title="Nhu cầu đã hết hạn", deadline_in_days=-1)
    make.need(org, title="Nhu cầu nháp", status="draft")
    make.need(org, title="Nhu cầu đã đóng", status="closed")
    make.need(org, title="Nhu cầu bị ẩn", hidden=True)
    need = make.need(make.organization(hidden=True), title="Của tổ chức bị ẩn")
    page = client.get("/").get_data(as_text=True)
    assert "Máy ép bùn băng tải" in page and "Cần xử lý bùn thải 5 tấn/ngày" in page
    for absent in (
        "Nhu cầu đã hết hạn",
        "Nhu cầu nháp",
        "Nhu cầu đã đóng",
        "Nhu cầu bị ẩn",
        need.title,
    ):
        assert absent not in page
    assert "1 nhu cầu đang mở" in page
    db.session.rollback()


def test_the_home_page_shows_at_most_six_of_each(client, make):
    org = make.organization()
    for i in range(8):
        make.offering(org, title=f"Giải pháp số {i}")
    page = client.get("/").get_data(as_text=True)
    assert "Giải pháp số 7" in page and "Giải pháp số 1" not in page
    assert "8 giải pháp" in page
