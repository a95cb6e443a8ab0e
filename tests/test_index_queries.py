"""The index builds documents a batch at a time: what the areas above search say of the rows
(eco-label, reference installations, incubation badge) costs a query per batch, not per row."""

from datetime import date, timedelta

from sqlalchemy import select

from directory.documents.models import EcoLabel, Installation
from directory.extensions import db
from directory.incubators.models import Cohort, Incubator, Participation
from directory.reference.models import IndustrialZone
from directory.search import documents
from directory.timeutil import today_in_vietnam


def supplier_with_listings(make, n: int, cohort=None):
    """An organization with an offering that has a label, an installation and (every other
    one) the incubation badge; the label of every third one has expired."""
    org = make.organization(name=f"Công ty Môi trường Thử nghiệm {n}", verification="verified")
    offering = make.offering(org, title=f"Hệ thống xử lý nước thải ao nuôi số {n}")
    valid = today_in_vietnam() + (timedelta(days=-5) if n % 3 == 0 else timedelta(days=365))
    db.session.add_all(
        [
            EcoLabel(
                offering=offering,
                scheme="green_label",
                number=f"NSV-{n}",
                valid_until=valid,
                status="verified",
            ),
            Installation(offering=offering, place=f"Trại cá Hòa An {n}", application="ao cá tra"),
        ]
    )
    if cohort is not None and n % 2 == 0:
        db.session.add(Participation(cohort=cohort, organization=org, status="active"))
    db.session.commit()
    return org, offering


def a_cohort() -> Cohort:
    zone = db.session.scalars(select(IndustrialZone)).first()
    cohort = Cohort(
        incubator=Incubator(name="Vườn ươm Sa Đéc", industrial_zone=zone),
        name="Khóa 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 6, 30),
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort


def built(kind: str, ids, count_queries):
    with count_queries() as counted:
        docs = dict(documents.documents(db.session, kind, ids))
    return docs, counted.n


def test_a_batch_of_thirty_costs_the_queries_of_a_batch_of_three(app, make, count_queries):
    with app.test_request_context():
        cohort = a_cohort()
        rows = [supplier_with_listings(make, n, cohort) for n in range(30)]
        orgs, offerings = [o.id for o, _ in rows], [f.id for _, f in rows]
        db.session.expire_all()
        _few, few_queries = built("offering", offerings[:3], count_queries)
        db.session.expire_all()
        docs, many_queries = built("offering", offerings, count_queries)
        assert many_queries == few_queries
        db.session.expire_all()
        _few, few_queries = built("organization", orgs[:3], count_queries)
        db.session.expire_all()
        org_docs, many_queries = built("organization", orgs, count_queries)
        assert many_queries == few_queries

    for n, id_ in enumerate(offerings):
        assert docs[id_]["eco_label"] == ("0" if n % 3 == 0 else "1")
        assert f"Trại cá Hòa An {n}" in docs[id_]["body"]
    for n, id_ in enumerate(orgs):
        assert org_docs[id_]["incubatee"] == ("1" if n % 2 == 0 else "0")


def test_a_record_the_public_may_not_see_gets_no_document(app, make):
    with app.test_request_context():
        org, offering = supplier_with_listings(make, 1)
        offering.hidden = True
        db.session.commit()
        missing = 10**6
        docs = dict(documents.documents(db.session, "offering", [offering.id, missing]))
    assert docs[offering.id] is None and docs[missing] is None
    assert list(docs) == [offering.id, missing]
