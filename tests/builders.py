"""Builders for test data: sensible defaults, override what the story needs."""

import itertools
from datetime import timedelta

from werkzeug.security import generate_password_hash

from directory.accounts.models import User
from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Membership, Organization
from directory.reference.models import Commune, Sector
from directory.timeutil import today_in_vietnam

_seq = itertools.count(1)


class Builders:
    def __init__(self, password: str):
        self.password = password
        self._hash = generate_password_hash(password, method="pbkdf2:sha256:1000")

    def user(self, email=None, role="member", name="Nguyễn Văn A", **fields) -> User:
        user = User(
            email=email or f"user{next(_seq)}@example.vn",
            role=role,
            name=name,
            password_hash=self._hash,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def organization(
        self, owner=None, name=None, kind="company", commune="Phường Mỹ Tho", members=(), **fields
    ) -> Organization:
        org = Organization(
            name=name or f"Công ty TNHH Môi trường Số {next(_seq)}",
            kind=kind,
            commune=self.commune(commune) if commune else None,
            description=fields.pop("description", "Dịch vụ môi trường."),
            **fields,
        )
        db.session.add(org)
        if owner is not None:
            db.session.add(Membership(user=owner, organization=org, role="owner"))
        for member in members:
            db.session.add(Membership(user=member, organization=org, role="member"))
        db.session.commit()
        return org

    def offering(
        self,
        organization,
        title="Hệ thống xử lý nước thải sinh hoạt MBR",
        sectors=("wastewater",),
        service_area=(),
        type="technology",
        **fields,
    ):
        offering = Offering(
            organization=organization,
            title=title,
            type=type,
            description=fields.pop("description", "Công nghệ màng sinh học."),
            sectors=[self.sector(code) for code in sectors],
            service_area=[self.commune(c) for c in service_area],
            **fields,
        )
        db.session.add(offering)
        db.session.commit()
        return offering

    def need(
        self,
        organization,
        title="Cần nâng cấp trạm xử lý nước thải 1.500 m³/ngày",
        sectors=(),
        commune="Phường Mỹ Tho",
        deadline_in_days=60,
        **fields,
    ) -> Need:
        need = Need(
            organization=organization,
            title=title,
            description=fields.pop("description", "Trạm hiện quá tải."),
            sectors=[self.sector(code) for code in sectors],
            commune=self.commune(commune) if commune else None,
            deadline=(
                today_in_vietnam() + timedelta(days=deadline_in_days)
                if deadline_in_days is not None
                else None
            ),
            status=fields.pop("status", "open"),
            **fields,
        )
        db.session.add(need)
        db.session.commit()
        return need

    @staticmethod
    def sector(code: str) -> Sector:
        sector = db.session.get(Sector, code)
        assert sector is not None, f"unknown sector {code}"
        return sector

    @staticmethod
    def commune(name: str) -> Commune:
        commune = db.session.scalar(db.select(Commune).filter_by(name=name))
        assert commune is not None, f"unknown commune {name}"
        return commune
