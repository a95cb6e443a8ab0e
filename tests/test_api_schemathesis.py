"""Schemathesis against openapi.json (issue 11, item 8): generated requests for every
operation, all of Schemathesis's checks, a bounded number of examples; any finding fails."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from directory import search
from directory.extensions import db

from .builders import Builders
from .conftest import DATABASES, PASSWORD, app_on

EXAMPLES = 10  # per operation: the whole run stays under a minute on a loaded machine


@pytest.fixture(scope="module", params=DATABASES)
def api_app(tmp_path_factory, request):
    """One app for the module (the run is read-only): a few records, one of them hidden."""
    for app in app_on(request.param, request, tmp_path_factory.mktemp("schemathesis")):
        with app.app_context():
            make = Builders(password=PASSWORD)
            org = make.organization(ref="ORG-1", verification="verified")
            offering = make.offering(org, ref="OFF-1")
            make.need(org, ref="NEED-1", budget_vnd=1_000_000)
            make.offering(org, title="Ẩn", hidden=True)
            offering.title = "Hệ thống xử lý nước thải MBR"
            db.session.commit()
            search.reindex()
        yield app


def test_the_api_keeps_its_description(api_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    findings = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate()

        try:
            run()
        except Exception as finding:  # noqa: BLE001 - every operation's findings are reported
            findings.append(f"{operation.label}: {finding}")
    assert findings == []
