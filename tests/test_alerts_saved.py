"""Saved searches (issue 10, item 2): "Lưu tìm kiếm" keeps a search, and `send-alerts` tells
its owner once of each new record that enters its results, through the alert digests."""

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from directory.alerts import saved as saved_searches
from directory.alerts.models import AlertSetting, SavedSearch, SavedSearchHit
from directory.alerts.sending import send_alerts
from directory.extensions import db
from directory.timeutil import utcnow

QUERY = "biogas"


def mails_to(app, email) -> list:
    folder = Path(app.config["MAIL_DIR"])
    if not folder.is_dir():
        return []
    found = [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.iterdir())
    ]
    return [m for m in found if m["To"] == email]


def body(mail) -> str:
    return mail.get_body(("plain",)).get_content()


@pytest.fixture
def watcher(make):
    """A user in no organization (no match alerts) who saved a search for "biogas"."""
    user = make.user(name="Người theo dõi")
    saved, new = saved_searches.save(user, QUERY, "", {})
    assert new
    return {"user": user, "saved": saved}


@pytest.fixture
def supplier_org(make):
    return make.organization(owner=make.user(), name="Công ty Năng lượng Sạch")


def later(days=1):
    return utcnow() + timedelta(days=days)


def test_a_new_matching_record_is_alerted_once_and_one_that_does_not_match_is_not(
    app, make, watcher, supplier_org
):
    make.offering(supplier_org, title="Hầm biogas composite cho trang trại heo")
    make.offering(supplier_org, title="Lò đốt chất thải rắn y tế")

    send_alerts(later())

    sent = mails_to(app, watcher["user"].email)
    assert len(sent) == 1
    text = body(sent[0])
    assert "Hầm biogas composite cho trang trại heo" in text
    assert "Lò đốt chất thải rắn y tế" not in text
    assert "biogas" in text and "http://localhost/offerings/" in text
    assert sent[0]["List-Unsubscribe"].strip().startswith("<http://localhost/unsubscribe/")
    # a second run sends nothing, even when its digest would be due again
    send_alerts(later(2))
    assert len(mails_to(app, watcher["user"].email)) == 1
    hits = db.session.scalar(select(func.count()).select_from(SavedSearchHit))
    assert hits == 1


def test_records_from_before_the_search_was_saved_are_not_news(app, make, supplier_org):
    make.offering(supplier_org, title="Hầm biogas có sẵn từ trước")
    user = make.user()
    saved_searches.save(user, QUERY, "", {})

    send_alerts(later())

    assert mails_to(app, user.email) == []


def test_filters_are_kept_and_applied(app, make, supplier_org):
    user = make.user()
    saved_searches.save(user, QUERY, "need", {})
    make.offering(supplier_org, title="Hầm biogas cho trang trại")  # an offering: not a need
    make.need(supplier_org, title="Cần lắp hầm biogas cho trang trại bò")

    send_alerts(later())

    (mail,) = mails_to(app, user.email)
    assert "Cần lắp hầm biogas cho trang trại bò" in body(mail)
    assert "Hầm biogas cho trang trại\n" not in body(mail)


def test_switching_it_off_stops_it(app, make, client, auth, watcher, supplier_org):
    auth.login(watcher["user"])
    answer = client.post(f"/me/searches/{watcher['saved'].id}/off")
    assert answer.status_code == 302
    make.offering(supplier_org, title="Hầm biogas mới")

    send_alerts(later())

    assert mails_to(app, watcher["user"].email) == []
    db.session.expire_all()
    assert db.session.get(SavedSearch, watcher["saved"].id).active is False
    # on again: what appeared while it was off is not news; what appears after is
    client.post(f"/me/searches/{watcher['saved'].id}/on")
    make.offering(supplier_org, title="Hầm biogas thế hệ hai")
    send_alerts(later(2))
    (mail,) = mails_to(app, watcher["user"].email)
    assert "Hầm biogas thế hệ hai" in body(mail) and "Hầm biogas mới\n" not in body(mail)


def test_unsubscribe_stops_it(app, make, client, watcher, supplier_org):
    make.offering(supplier_org, title="Hầm biogas số một")
    send_alerts(later())
    (mail,) = mails_to(app, watcher["user"].email)
    url = mail["List-Unsubscribe"].strip().strip("<>").replace("http://localhost", "")

    assert client.get(url).status_code == 200
    assert db.session.get(AlertSetting, watcher["user"].id).frequency == "off"
    make.offering(supplier_org, title="Hầm biogas số hai")
    send_alerts(later(3))

    assert len(mails_to(app, watcher["user"].email)) == 1


def test_saving_from_the_search_page_after_signing_in(app, make, client, auth, supplier_org):
    user = make.user()
    page = client.get("/search?q=biogas&kind=offering").get_data(as_text=True)
    assert "/me/searches/new?" in page

    anonymous = client.get("/me/searches/new?q=biogas&kind=offering&sector=wastewater")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.location
    back = parse_qs(urlsplit(anonymous.location).query)["next"][0]  # and comes back here
    assert back.startswith("/me/searches/new?") and "q=biogas" in back
    auth.login(user)
    form = client.get("/me/searches/new?q=biogas&kind=offering&sector=wastewater")
    assert form.status_code == 200 and 'value="biogas"' in form.get_data(as_text=True)
    answer = client.post(
        "/me/searches/new",
        data={"q": "biogas", "kind": "offering", "filters": "sector=wastewater&bogus=1"},
    )

    assert answer.status_code == 302 and answer.location.endswith("/me/searches")
    (saved,) = db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id))
    assert (saved.query, saved.kind, saved.filters) == (
        "biogas",
        "offering",
        {"sector": "wastewater"},
    )
    listing = client.get("/me/searches").get_data(as_text=True)
    assert "biogas" in listing and "Tắt thông báo" in listing
    # the same search again is not a second row
    client.post(
        "/me/searches/new",
        data={"q": " biogas ", "kind": "offering", "filters": "sector=wastewater"},
    )
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 1


@pytest.mark.parametrize("typed", ["", "   ", "x" * 2000])
def test_empty_and_too_long_queries_are_refused_keeping_what_was_typed(
    app, make, client, auth, typed
):
    auth.login(make.user())
    answer = client.post("/me/searches/new", data={"q": typed, "kind": "", "filters": ""})

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert ("Nhập từ khóa" in page) if not typed.strip() else ("quá dài" in page)
    if typed.strip():
        assert f'value="{typed}"' in page
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 0


def test_an_empty_query_with_a_filter_is_a_search(app, make):
    user = make.user()
    saved, _ = saved_searches.save(user, "", "need", {"sector": "wastewater"})
    assert saved.filters == {"sector": "wastewater"}


def test_at_most_twenty_saved_searches(app, make, client, auth):
    user = make.user()
    for n in range(saved_searches.MAX_SAVED):
        saved_searches.save(user, f"tìm {n}", "", {})
    auth.login(user)

    answer = client.post("/me/searches/new", data={"q": "một nữa", "kind": "", "filters": ""})

    assert "mức tối đa" in answer.get_data(as_text=True)
    assert 'value="một nữa"' in answer.get_data(as_text=True)
    count = db.session.scalar(select(func.count()).select_from(SavedSearch))
    assert count == saved_searches.MAX_SAVED


def test_another_user_cannot_switch_or_delete_mine(app, make, client, auth, watcher):
    auth.login(make.user())
    saved_id = watcher["saved"].id
    for action in ("on", "off", "delete"):
        assert client.post(f"/me/searches/{saved_id}/{action}").status_code == 404
    assert "biogas" not in client.get("/me/searches").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved_id).active is True


def test_anonymous_visitors_are_sent_to_sign_in(app, client, watcher):
    saved_id = watcher["saved"].id
    assert "/account/login" in client.get("/me/searches").location
    for action in ("on", "off", "delete"):
        answer = client.post(f"/me/searches/{saved_id}/{action}")
        assert answer.status_code in (302, 400)  # sign in (or the CSRF refusal first)
    assert db.session.get(SavedSearch, saved_id) is not None


def test_the_owner_deletes_it(app, make, client, auth, watcher):
    auth.login(watcher["user"])
    answer = client.post(f"/me/searches/{watcher['saved'].id}/delete")
    assert answer.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SavedSearch)) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/me/searches/0/off",
        "/me/searches/-1/on",
        "/me/searches/99999999999999/delete",
        "/me/searches/abc/off",
        "/me/searches/1e3/on",
    ],
)
def test_odd_ids_are_not_found(app, make, client, auth, path):
    auth.login(make.user())
    assert client.post(path).status_code == 404


def test_odd_input_to_the_save_page_is_no_500(app, make, client, auth):
    auth.login(make.user())
    odd = "/me/searches/new?q=%E2%80%8Bbiogas&kind=%FF&sector=" + "x" * 500 + "&page=-1"
    assert client.get(odd).status_code == 200
    assert client.get("/me/searches/new?q=%00bio").status_code == 400  # the site-wide guard
    answer = client.post(
        "/me/searches/new",
        data={"q": " biogas  ", "kind": "???", "filters": "%%%&&==&sector=" + "y" * 500},
    )
    assert answer.status_code == 302
    (saved,) = db.session.scalars(select(SavedSearch))
    assert saved.query == "biogas" and saved.kind == ""
    assert saved.filters == {"sector": "y" * 40}
