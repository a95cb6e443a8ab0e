"""The Department opens accounts for businesses it registered: create-user --organization."""

from sqlalchemy import select

from directory.accounts.models import User
from directory.extensions import db
from directory.organizations.models import Membership

PASSWORD = "mật khẩu đủ dài 123"


def create_user(runner, *args):
    return runner.invoke(args=["create-user", "--password", PASSWORD, *args])


def membership_of(email):
    user = db.session.scalar(select(User).filter_by(email=email))
    return db.session.scalar(select(Membership).filter_by(user_id=user.id))


def test_an_officer_opens_the_first_account_of_an_imported_organization(runner, make, auth):
    org = make.organization(ref="ORG-050", name="Ban quản lý CCN Mỹ Phong")

    result = create_user(runner, "--organization", "ORG-050", "--name", "Chị Bình", "b@x.vn")

    assert result.exit_code == 0, result.output
    membership = membership_of("b@x.vn")
    assert (membership.organization_id, membership.role) == (org.id, "owner")
    assert auth.login("b@x.vn").status_code == 302


def test_a_second_account_joins_as_a_member_and_the_id_works_too(runner, make):
    owner = make.user()
    org = make.organization(owner=owner)

    result = create_user(runner, "--organization", str(org.id), "c@x.vn")

    assert result.exit_code == 0, result.output
    assert membership_of("c@x.vn").role == "member"
    assert "c@x.vn is member of" in result.output


def test_an_unknown_organization_creates_no_account(runner, make):
    result = create_user(runner, "--organization", "ORG-404", "d@x.vn")

    assert result.exit_code != 0
    assert "No organization has ref or id 'ORG-404'" in result.output
    assert db.session.scalar(select(User).filter_by(email="d@x.vn")) is None


def test_officers_do_not_belong_to_organizations(runner, make):
    make.organization(ref="ORG-051")

    result = create_user(runner, "--role", "officer", "--organization", "ORG-051", "e@x.vn")

    assert result.exit_code != 0
    assert db.session.scalar(select(User).filter_by(email="e@x.vn")) is None


def test_an_existing_account_joins_once(runner, make):
    org = make.organization(ref="ORG-052")
    user = make.user(email="f@x.vn")

    create_user(runner, "--organization", "ORG-052", "f@x.vn")
    result = create_user(runner, "--organization", "ORG-052", "f@x.vn")

    assert result.exit_code == 0, result.output
    members = db.session.scalars(select(Membership).filter_by(organization_id=org.id)).all()
    assert [(m.user_id, m.role) for m in members] == [(user.id, "owner")]
