"""An officer reads the year's figures on the dashboard and the report, and downloads them."""

import csv
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from directory.extensions import db
from directory.incubators.models import (
    Cohort,
    Incubator,
    Milestone,
    Participation,
    StatusChange,
    SupportRecord,
)
from directory.reference.models import IndustrialZone
from directory.reports.services import build_report
from directory.reports.views import DESK_LINKS
from directory.search import reindex
from directory.timeutil import today_in_vietnam

IN_2025 = datetime(2025, 5, 10, 3, 0)
IN_2024 = datetime(2024, 8, 1, 3, 0)
IN_2026 = datetime(2026, 2, 1, 3, 0)


def officer_signed_in(make, auth, role="officer"):
    officer = make.user(role=role)
    auth.login(officer)
    return officer


def build_year_2025(make):
    """A verified supplier, an unverified one, a buyer with four needs, an incubator cohort."""
    supplier = make.organization(
        name="Công ty TNHH Nước Sạch Mỹ Tho",
        verification="verified",
        verified_at=IN_2025,
        created_at=IN_2025,
    )
    make.offering(
        supplier,
        title="Hệ thống xử lý nước thải sinh hoạt MBR",
        description="Màng sinh học MBR.",
        sectors=("wastewater",),
        created_at=IN_2025,
    )
    collector = make.organization(name="HTX Thu Gom Đạo Thạnh", created_at=IN_2024)
    make.offering(
        collector,
        title="Xe ép rác thu gom",
        description="Xe ép rác.",
        sectors=("waste-collection",),
        type="equipment",
        created_at=IN_2024,
    )
    buyer = make.organization(
        name="Ban quản lý CCN Mỹ Phong",
        kind="industrial_cluster",
        commune="Phường Mỹ Phong",
        created_at=IN_2025,
    )
    wastewater = dict(sectors=("wastewater",), description="Trạm hiện quá tải.")
    make.need(buyer, created_at=IN_2025, **wastewater)
    make.need(
        buyer,
        title="Cần nâng cấp trạm xử lý nước thải khu B",
        status="closed",
        close_reason="fulfilled",
        created_at=IN_2025,
        **wastewater,
    )
    make.need(
        buyer,
        title="Cần mua xe ép rác 5 tấn",
        description="Thay xe cũ.",
        sectors=("waste-collection",),
        created_at=IN_2025,
    )
    make.need(
        buyer,
        title="Cần thuê kho lạnh",
        description="Bảo quản hàng.",
        created_at=IN_2025,
    )
    make.need(buyer, title="Bản nháp chưa đăng", status="draft", created_at=IN_2025)
    make.need(buyer, title="Nhu cầu năm sau", created_at=IN_2026, **wastewater)
    make.organization(name="Tổ chức bị ẩn", hidden=True, created_at=IN_2025)
    _incubator_2025(collector)
    reindex()
    return supplier, collector, buyer


def _incubator_2025(organization):
    zone = db.session.scalars(db.select(IndustrialZone).order_by(IndustrialZone.id)).first()
    incubator = Incubator(name="Vườn ươm Sa Đéc", industrial_zone=zone)
    cohort = Cohort(
        incubator=incubator,
        name="Khóa 2025",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 12, 31),
    )
    participation = Participation(cohort=cohort, organization=organization, status="graduated")
    for step, day in (
        ("admitted", date(2025, 3, 1)),
        ("active", date(2025, 3, 15)),
        ("graduated", date(2025, 11, 30)),
    ):
        participation.history.append(StatusChange(to_status=step, changed_on=day, note="ok"))
    participation.support += [
        SupportRecord(type="finance", amount_vnd=50_000_000, given_on=date(2025, 6, 1)),
        SupportRecord(type="training", amount_vnd=None, given_on=date(2025, 7, 1)),
    ]
    db.session.add(incubator)
    db.session.commit()


def rows_by_label(table):
    return {row[0]: row[1:] for row in table.all_rows()}


def test_the_report_counts_what_happened_in_the_year(app, make):
    build_year_2025(make)
    with app.test_request_context():
        report = build_report(2025)
    summary = rows_by_label(report.summary)
    assert summary["Tổ chức mới đăng ký trong năm"] == [2]
    assert summary["Tổng số tổ chức đến cuối năm"] == [3]  # the hidden one is not counted
    assert summary["Tổ chức đã xác minh đến cuối năm"] == [1]
    assert summary["Tỷ lệ tổ chức đã xác minh (%)"] == [33.3]
    assert summary["Giải pháp, dịch vụ mới trong năm"] == [1]
    assert summary["Nhu cầu đăng trong năm"] == [4]  # not the draft, not next year's
    assert summary["Nhu cầu có giải pháp phù hợp"] == [3]
    assert summary["Nhu cầu có nhà cung cấp đã xác minh trong tỉnh"] == [2]
    assert summary["Nhu cầu đã được đáp ứng (bên mua đóng vì đã tìm được nhà cung cấp)"] == [1]

    by_sector = rows_by_label(report.table("organizations-by-sector"))
    assert by_sector["Xử lý nước thải"] == [2, 2]  # the supplier and the buyer, both new
    assert by_sector["Thu gom, vận chuyển, phân loại chất thải"] == [1, 2]
    assert by_sector["Tổng (mỗi tổ chức tính một lần)"] == [2, 3]

    by_commune = rows_by_label(report.table("organizations-by-commune"))
    assert by_commune["Phường Mỹ Tho"] == [1, 2]
    assert by_commune["Phường Mỹ Phong"] == [1, 1]

    posted = rows_by_label(report.table("offerings-needs-by-sector"))
    assert posted["Xử lý nước thải"] == [1, 2]
    assert posted["Thu gom, vận chuyển, phân loại chất thải"] == [0, 1]
    assert posted["Chưa xếp lĩnh vực"] == [0, 1]

    supply = rows_by_label(report.table("supply-vs-plan"))
    assert supply["Xử lý nước thải"] == [2, 2, 1, 2, 100.0, "70-80%", "Đạt"]
    # the collector's truck matches, but the collector is not verified
    assert supply["Thu gom, vận chuyển, phân loại chất thải"] == [
        1,
        1,
        0,
        0,
        0.0,
        "50-60%",
        "Chưa đạt",
    ]
    assert supply["Xử lý khí thải"] == [0, 0, 0, 0, None, "70-80%", "Chưa có nhu cầu"]
    assert supply["Chưa xếp lĩnh vực"] == [1, 0, 0, 0, 0.0, "", ""]

    incubation = rows_by_label(report.table("incubators"))
    assert incubation["Khóa ươm tạo hoạt động trong năm"] == [1]
    assert incubation["Doanh nghiệp tham gia các khóa đó"] == [1]
    assert incubation["Tốt nghiệp trong năm"] == [1]
    assert incubation["Hỗ trợ quy ra tiền trong năm (đồng)"] == [50_000_000]
    incubators = rows_by_label(report.table("incubators-by-incubator"))
    assert incubators["Vườn ươm Sa Đéc"] == [1, 1, 1, 1, 0, 50_000_000]


def test_a_supplier_counts_only_in_the_need_s_sector_and_area(app, make):
    """A verified supplier whose offering matches by words alone, or does not serve the
    need's commune, does not supply it; the need is still matched."""
    air = make.organization(verification="verified", created_at=IN_2025)
    make.offering(
        air,
        title="Hệ thống xử lý khí thải lò hơi",
        description="Tháp hấp thụ.",
        sectors=("air",),
        created_at=IN_2025,
    )
    far = make.organization(verification="verified", created_at=IN_2025)
    make.offering(
        far,
        title="Trạm xử lý nước thải công nghiệp",
        description="Bể sinh học.",
        sectors=("wastewater",),
        service_area=("Phường Mỹ Tho",),
        created_at=IN_2025,
    )
    buyer = make.organization(created_at=IN_2025)
    make.need(
        buyer,
        title="Cần hệ thống xử lý nước thải",
        description="Nhà máy mới.",
        sectors=("wastewater",),
        commune="Phường Mỹ Phong",
        created_at=IN_2025,
    )
    reindex()
    with app.test_request_context():
        report = build_report(2025)
    supply = rows_by_label(report.table("supply-vs-plan"))
    assert supply["Xử lý nước thải"][:5] == [1, 1, 0, 0, 0.0]


def test_an_officer_reads_the_report_page_with_charts_and_tables(app, client, make, auth):
    build_year_2025(make)
    officer_signed_in(make, auth)
    page = client.get("/officer/reports/2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Báo cáo năm 2025" in html
    assert "Báo cáo công nghiệp môi trường năm 2025" in html
    assert "css/charts.css" in html
    assert 'class="bar series-1 w-100"' in html  # the wastewater share: 100 %
    assert 'class="target at-70"' in html  # beside the plan's 70-80 % target
    assert 'id="table-supply-vs-plan"' in html  # every chart has its table
    assert "style=" not in html and "<script" not in html
    assert "50.000.000 ₫" in html
    assert "33,3" in html  # the verified share, written the Vietnamese way


def test_the_year_picker_leads_to_the_chosen_year(app, client, make, auth):
    officer_signed_in(make, auth)
    assert (
        client.get("/officer/reports?year=2024")
        .headers["Location"]
        .endswith("/officer/reports/2024")
    )
    odd = client.get("/officer/reports?year=19999", follow_redirects=True)
    assert "Năm phải từ 2000 đến 2100." in odd.get_data(as_text=True)
    current = client.get("/officer/reports")
    assert current.status_code == 302 and "/officer/reports/20" in current.headers["Location"]


def test_a_year_without_data_shows_zeros(app, client, make, auth):
    officer_signed_in(make, auth)
    with app.test_request_context():
        report = build_report(2010)
    summary = rows_by_label(report.summary)
    assert summary["Tổng số tổ chức đến cuối năm"] == [0]
    assert summary["Nhu cầu đăng trong năm"] == [0]
    assert summary["Tỷ lệ tổ chức đã xác minh (%)"] == [None]
    assert rows_by_label(report.table("supply-vs-plan"))["Xử lý nước thải"][:4] == [0, 0, 0, 0]
    page = client.get("/officer/reports/2010")
    assert page.status_code == 200
    assert "Báo cáo công nghiệp môi trường năm 2010" in page.get_data(as_text=True)
    assert client.get("/officer/reports/2010/export.xlsx").status_code == 200


@pytest.mark.parametrize("year", ["1999", "2101", "0", "99999999999"])
def test_years_outside_2000_to_2100_are_not_found(app, client, make, auth, year):
    officer_signed_in(make, auth)
    for path in ("", "/export.xlsx", "/export.csv"):
        assert client.get(f"/officer/reports/{year}{path}").status_code == 404


def test_the_workbook_holds_the_same_figures(app, client, make, auth):
    build_year_2025(make)
    officer_signed_in(make, auth)
    response = client.get("/officer/reports/2025/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="bao-cao-2025.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Số liệu chính",
        "Tổ chức theo lĩnh vực",
        "Tổ chức theo xã, phường",
        "Giải pháp, nhu cầu",
        "Đáp ứng và mục tiêu",
        "Phễu giao dịch",
        "Phễu theo lĩnh vực",
        "Ươm tạo",
        "Ươm tạo theo vườn ươm",
        "Nhãn sinh thái",  # the plan's labelling activity (issue 13)
        "Sự kiện",
        "Tham gia sự kiện",
    ]
    supply = book["Đáp ứng và mục tiêu"]
    assert supply["A1"].value == "Lĩnh vực" and supply["A1"].font.bold
    rows = {row[0]: row[1:] for row in supply.iter_rows(min_row=2, values_only=True)}
    assert rows["Xử lý nước thải"] == (2, 2, 1, 2, 100.0, "70-80%", "Đạt")
    assert rows["Tổng (mỗi nhu cầu tính một lần)"][:5] == (4, 3, 1, 2, 50.0)
    summary = {r[0]: r[1] for r in book["Số liệu chính"].iter_rows(min_row=2, values_only=True)}
    assert summary["Tổ chức đã xác minh đến cuối năm"] == 1
    incubators = list(book["Ươm tạo theo vườn ươm"].iter_rows(min_row=2, values_only=True))
    assert incubators[0] == ("Vườn ươm Sa Đéc", 1, 1, 1, 1, 0, 50_000_000)


def test_each_table_downloads_as_csv(app, client, make, auth):
    build_year_2025(make)
    officer_signed_in(make, auth)
    response = client.get("/officer/reports/2025/export.csv?table=organizations-by-commune")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="bao-cao-2025-organizations-by-commune.csv"'
        in response.headers["Content-Disposition"]
    )
    assert response.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Xã, phường", "Mới trong năm", "Tổng đến cuối năm"]
    assert ["Phường Mỹ Tho", "1", "2"] in rows
    assert rows[-1] == ["Tổng", "2", "3"]
    summary = client.get("/officer/reports/2025/export.csv").data.decode("utf-8-sig")
    assert "Nhu cầu đăng trong năm,4" in summary
    assert client.get("/officer/reports/2025/export.csv?table=nope").status_code == 404


def test_text_that_looks_like_a_formula_stays_text(app, client, make, auth):
    make.organization(name="=HYPERLINK(1)", created_at=IN_2025)
    zone = db.session.scalars(db.select(IndustrialZone)).first()
    db.session.add(Incubator(name="=1+2", industrial_zone=zone))
    db.session.commit()
    officer_signed_in(make, auth)
    body = client.get("/officer/reports/2025/export.csv?table=incubators-by-incubator").data.decode(
        "utf-8-sig"
    )
    assert "'=1+2" in body
    book = load_workbook(io.BytesIO(client.get("/officer/reports/2025/export.xlsx").data))
    cell = book["Ươm tạo theo vườn ươm"]["A2"]
    assert cell.value == "=1+2" and cell.data_type == "s"


def test_the_dashboard_shows_this_year_and_links_to_the_desk(app, client, make, auth):
    make.organization(verification="verified")  # registered today
    make.organization(created_at=IN_2024)
    officer_signed_in(make, auth)
    page = client.get("/officer/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bàn làm việc Sở Công Thương" in html
    assert f"Số liệu chính năm {today_in_vietnam().year}" in html
    assert '<span class="figure">1</span> Tổ chức mới đăng ký trong năm' in html
    assert '<span class="figure">2</span> Tổng số tổ chức đến cuối năm' in html
    assert '<span class="figure">50</span> Tỷ lệ tổ chức đã xác minh (%)' in html
    assert re.search(
        r'"figure">1</span> <a href="/officer/verification">Tổ chức chờ xác minh', html
    )
    assert re.search(r'"figure">0</span> <a href="/officer/incubators/board">', html)
    assert 'href="/officer/import"' in html
    assert 'href="/officer/reports/' in html
    for endpoint, _label, _help in DESK_LINKS:
        assert endpoint in app.view_functions, f"the dashboard links to a missing {endpoint}"
    for path in (
        "/officer/verification",
        "/officer/features",
        "/officer/moderation",
        "/officer/incubators/",
        "/officer/incubators/board",
    ):
        assert f'href="{path}"' in html
    assert 'href="/admin/users"' not in html  # admins only


def test_the_dashboard_counts_participants_behind_schedule(app, client, make, auth):
    zone = db.session.scalars(db.select(IndustrialZone)).first()
    cohort = Cohort(
        incubator=Incubator(name="Vườn ươm Tân Hương", industrial_zone=zone),
        name="Khóa 1",
        starts_on=date(2025, 1, 1),
        ends_on=date(2030, 12, 31),
    )
    late = Participation(cohort=cohort, organization=make.organization(), status="active")
    late.milestones.append(Milestone(title="Hoàn thiện mẫu", due_on=date(2025, 1, 31)))
    done = Participation(cohort=cohort, organization=make.organization(), status="active")
    done.milestones.append(
        Milestone(title="Thử nghiệm", due_on=date(2025, 1, 31), done_on=date(2025, 1, 20))
    )
    db.session.add_all([late, done])
    db.session.commit()
    officer_signed_in(make, auth)
    html = client.get("/officer/").get_data(as_text=True)
    assert re.search(r'"figure">1</span> <a href="/officer/incubators/board">', html)


def test_admins_see_the_admin_links_too(app, client, make, auth):
    officer_signed_in(make, auth, role="admin")
    html = client.get("/officer/").get_data(as_text=True)
    assert 'href="/admin/users"' in html


REPORT_PAGES = [
    "/officer/",
    "/officer/reports",
    "/officer/reports/2025",
    "/officer/reports/2025/export.xlsx",
    "/officer/reports/2025/export.csv?table=summary",
]


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    for path in REPORT_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/account/login" in response.headers["Location"]


def test_members_are_refused(app, client, make, auth):
    member = make.user()
    make.organization(owner=member)
    auth.login(member)
    for path in REPORT_PAGES:
        assert client.get(path).status_code == 403, path
