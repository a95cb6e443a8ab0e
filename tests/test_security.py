"""Cross-cutting safety: CSRF on every form, and odd input never produces a server error."""

import re

import pytest
from werkzeug.routing import AnyConverter

ODD_VALUES = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "abc",
    "1.5",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 🌊",
    "x" * 3000,
    "nước\u0301 thải",
    "\u202e",
]


def routes(app, method):
    for rule in app.url_map.iter_rules():
        if method in rule.methods and not rule.endpoint.startswith("static"):
            yield rule


def build(rule, value="1"):
    """The rule's path with every argument filled: `value`, or an allowed word of an any()."""
    path = rule.rule
    for arg in rule.arguments:
        converter = rule._converters[arg]
        filled = min(converter.items) if isinstance(converter, AnyConverter) else value
        path = re.sub(rf"<(?:[^<>:]+:)?{arg}>", filled, path)
    return path


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_every_form_that_changes_data_requires_a_csrf_token(app, client, make, auth):
    user = make.user(role="admin")
    auth.login(user)  # with CSRF on, this sign-in itself is refused…
    post_rules = list(routes(app, "POST"))
    assert len(post_rules) >= 5
    for rule in post_rules:
        response = client.post(build(rule), data={"name": "x"})
        assert response.status_code == 400, f"{rule.rule} accepted a POST without a CSRF token"
    # …so nobody is signed in now.
    assert client.get("/account/profile").status_code == 302


def test_get_pages_survive_odd_query_strings(app, client, make, auth):
    officer = make.user(role="officer")
    org = make.organization(owner=officer)
    make.offering(org)
    make.need(org)
    auth.login(officer)
    params = [
        "page",
        "per_page",
        "q",
        "sector",
        "commune",
        "kind",
        "type",
        "verified",
        "status",
        "procurement",
        "deadline",
        "limit",
        "org",
        "next",
    ]
    for rule in routes(app, "GET"):
        if "/reset/" in rule.rule:
            continue  # a token URL; forged tokens are covered in test_accounts
        for value in ODD_VALUES:
            url = build(rule)
            query = "&".join(f"{p}={value}" for p in params)
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{url}?{query[:80]} → {response.status_code}"


def test_odd_ids_in_urls_are_404_not_500(app, client):
    for rule in routes(app, "GET"):
        if not rule.arguments:
            continue
        for value in ("0", "99999999999", "abc", "-1"):
            response = client.get(build(rule, value))
            assert response.status_code < 500, f"{build(rule, value)} → {response.status_code}"


def test_forms_survive_odd_posted_values(app, client, make, auth):
    officer = make.user(role="admin")
    org = make.organization(owner=officer)
    make.offering(org)
    make.need(org)
    auth.login(officer)
    fields = [
        "name",
        "title",
        "description",
        "email",
        "kind",
        "type",
        "size",
        "commune",
        "sectors",
        "budget_vnd",
        "deadline",
        "procurement",
        "enterprise_code",
        "website",
        "phone",
        "service_area",
        "standards",
        "lang",
        "reason",
        "note",
    ]
    for rule in routes(app, "POST"):
        if rule.rule in ("/account/logout",):
            continue
        for value in ODD_VALUES[:8]:
            response = client.post(build(rule), data={f: value for f in fields})
            assert response.status_code < 500, f"POST {build(rule)} with {value!r}"
