"""Ids in URLs are bounded by the route itself, and ?page= is read one way everywhere."""

import re

import pytest

from directory.routing import MAX_ID, MAX_PAGE, id_from_text, page_arg

ODD_IDS = ["0", "-1", "2147483648", "99999999999999999999", "1" * 5000, "abc", "1.5"]


def id_routes(app) -> list[tuple[str, set[str]]]:
    """Every route that takes a record id, as a path template with {} for each id."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "<id:" not in rule.rule:
            continue
        template = re.sub(r"<id:\w+>", "{}", rule.rule)
        if "<" in template:  # another kind of argument as well: fill it below
            template = re.sub(r"<(?:string:)?(\w+)>", _known_value, template)
        routes.append((template, set(rule.methods) - {"HEAD", "OPTIONS"}))
    return routes


def _known_value(match) -> str:
    return {"kind": "organization"}.get(match.group(1), "x")


def test_every_record_route_takes_its_ids_through_the_bounded_converter(app):
    int_rules = [r.rule for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert all("<int:year>" in rule for rule in int_rules), int_rules  # years are not ids
    assert len(id_routes(app)) > 40


@pytest.mark.parametrize("odd", ODD_IDS)
def test_an_id_that_cannot_exist_is_not_found_on_every_route(app, client, odd):
    for template, methods in id_routes(app):
        path = template.replace("{}", odd)
        for method in methods:
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path)


def test_the_largest_possible_id_is_looked_up_and_simply_not_found(app, client, auth, make):
    admin = make.user(role="admin")
    auth.login(admin)
    for template, methods in id_routes(app):
        path = template.replace("{}", str(MAX_ID))
        for method in methods:
            response = client.open(path, method=method)
            assert response.status_code in (302, 400, 404), (method, path)


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("007", 7),
        ("0", 1),
        ("-2", 1),
        ("abc", 1),
        ("٣", 1),  # an Arabic-Indic three is a digit to Python, not to us
        ("2.5", 1),
        (str(MAX_PAGE + 1), MAX_PAGE),
        ("9" * 5000, MAX_PAGE),
    ],
)
def test_a_page_number_is_read_forgivingly(app, typed, page):
    query = {} if typed is None else {"page": typed}
    with app.test_request_context(query_string=query):
        assert page_arg() == page


@pytest.mark.parametrize(
    ("typed", "found"),
    [("12", 12), (" 12 ", 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None)]
    + [("-1", None), ("", None), (None, None), ("١٢", None), ("9" * 5000, None)],
)
def test_an_id_typed_in_a_form_or_query_is_read_within_bounds(typed, found):
    assert id_from_text(typed) == found


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "1" * 5000])
@pytest.mark.parametrize("path", ["/organizations/", "/offerings/", "/needs/", "/search"])
def test_odd_page_numbers_on_public_lists_show_a_page(client, make, path, page):
    make.need(make.organization())
    assert client.get(f"{path}?page={page}").status_code == 200
