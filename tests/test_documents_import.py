"""The import format's optional offering ``labels`` and ``installations`` (issue 13)."""

from sqlalchemy import select

from directory.documents.models import EcoLabel, Installation
from directory.extensions import db
from directory.offerings.models import Offering

from .test_import import fixture_data, problem_lines, run_import, write_json


def with_facts(labels, installations):
    data = fixture_data()
    data["offerings"][0]["labels"] = labels
    data["offerings"][0]["installations"] = installations
    return data


LABELS = [{"scheme": "green_label", "number": "NX-2026-015", "valid_until": "2099-12-31"}]
PLACES = [{"place": "KCN Sa Đéc", "commune": "Phường Sa Đéc", "year": 2025}]


def test_imported_labels_are_verified_facets_and_installations_listed(
    app, client, runner, tmp_path
):
    path = write_json(tmp_path, with_facts(LABELS, PLACES))
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        check_imported(client)
    again = run_import(runner, path)  # idempotent: nothing changes
    assert again.exit_code == 0 and again.output.count("0 created, 0 updated") == 3
    with app.app_context():
        assert len(db.session.scalars(select(EcoLabel)).all()) == 1
        assert len(db.session.scalars(select(Installation)).all()) == 1


def check_imported(client):
    label = db.session.scalars(select(EcoLabel)).one()
    assert label.status == "verified" and label.document_id is None
    place = db.session.scalars(select(Installation)).one()
    assert place.year == 2025 and place.commune_code is not None
    offering = db.session.scalar(select(Offering).filter_by(ref="OFF-001"))
    assert offering.title in client.get("/search?kind=offering&eco_label=1").get_data(as_text=True)


def test_bad_labels_and_installations_import_nothing(app, runner, tmp_path):
    bad = with_facts(
        [{"scheme": "gold", "number": "1", "valid_until": "2030-01-01"}],
        [{"place": "KCN", "year": "năm ngoái"}],
    )
    result = run_import(runner, write_json(tmp_path, bad))
    assert result.exit_code != 0
    lines = problem_lines(result)
    assert any("labels: scheme phải là green_label hoặc other" in line for line in lines)
    assert any("installations: year phải là một năm" in line for line in lines)
    with app.app_context():
        assert db.session.scalars(select(EcoLabel)).all() == []


def test_a_spreadsheet_cell_carries_labels_and_installations(app):
    from datetime import date

    from directory.imports import facts

    class Lookups:
        def commune(self, text):
            return "code-of-" + text

    with app.test_request_context():
        labels = facts.check_labels("green_label|NX-1|2030-12-31; other|EU-7|31/12/2031", None)
        places = facts.check_installations("KCN Sa Đéc|Phường Sa Đéc|2025|300 m³", Lookups())
    assert [label["number"] for label in labels] == ["NX-1", "EU-7"]
    assert labels[1]["valid_until"] == date(2031, 12, 31)
    assert places[0]["commune_code"] == "code-of-Phường Sa Đéc" and places[0]["year"] == 2025
