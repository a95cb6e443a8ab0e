"""The Department's figures follow needs through the deal funnel, in the report and the API."""

import csv
import io
from datetime import timedelta

from directory.conversations import services
from directory.extensions import db
from directory.reports.services import build_report, current_year
from directory.timeutil import utcnow


def test_the_funnel_counts_needs_by_the_furthest_stage_their_conversations_reached(
    app, client, make, auth
):
    buyer_user, supplier_user, far_user = make.user(), make.user(), make.user()
    buyer = make.organization(owner=buyer_user, kind="industrial_cluster")
    local = make.organization(owner=supplier_user)  # has a commune: based in the province
    distant = make.organization(owner=far_user, commune=None)
    contracted = make.need(buyer, title="Trạm xử lý nước thải", sectors=("wastewater",))
    declined = make.need(buyer, title="Thu gom chất thải rắn", sectors=("solid-waste-treatment",))
    quiet = make.need(buyer, title="Quan trắc khí thải", sectors=("air",))
    contracted.created_at = utcnow() - timedelta(days=4)
    db.session.commit()

    first = services.propose(supplier_user, contracted, local, "Đề xuất MBR.")
    services.set_stage(buyer_user, first, "quoted")
    services.set_stage(buyer_user, first, "contracted")
    second = services.propose(far_user, contracted, distant, "Đề xuất khác.")
    services.set_stage(far_user, second, "contracted")
    third = services.propose(far_user, declined, distant, "Chúng tôi thu gom.")
    services.set_stage(buyer_user, third, "declined")

    body = client.get(f"/api/v1/stats?year={current_year()}").get_json()
    assert body["year"] == current_year()
    assert body["needs_posted"] == 3
    assert body["needs_contacted"] == 2  # declined counts as contacted…
    assert body["needs_quoted"] == 1  # …and nothing further
    assert body["needs_contracted"] == 1  # one need, though two contracts
    assert body["needs_delivered"] == 0
    assert body["contracts"] == 2 and body["contracts_local_supplier_share"] == 50.0
    assert body["median_days_to_first_contact"] == 2.0  # 4 days and 0 days
    assert body["organizations"] == 3 and "needs_matched" in body
    assert quiet.title not in str(body) and "name" not in body

    report = build_report(current_year())
    by_sector = {row[0]: row[1:] for row in report.table("deal-funnel-by-sector").rows}
    # Columns: posted, matched, contacted, quoted, contracted, delivered.
    assert by_sector["Xử lý nước thải"][2:] == [1, 1, 1, 0]
    overview = {row[0]: row[1] for row in report.table("deal-funnel").rows}
    assert overview["Đã ký hợp đồng"] == 1 and overview["Đã liên hệ"] == 2

    auth.login(make.user(role="officer"))
    page = client.get(f"/officer/reports/{current_year()}").get_data(as_text=True)
    assert "Phễu giao dịch" in page
    assert "Tỷ lệ hợp đồng với nhà cung cấp có trụ sở trong tỉnh (%)" in page
    exported = client.get(f"/officer/reports/{current_year()}/export.csv?table=deal-funnel")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert ["Đã ký hợp đồng", "1", "33.3"] in [r[:3] for r in rows]
    assert client.get(f"/officer/reports/{current_year()}/export.xlsx").status_code == 200
    dashboard = client.get("/officer/").get_data(as_text=True)
    assert "Nhu cầu đã ký hợp đồng" in dashboard and "Nhu cầu đã được báo giá" in dashboard


def test_stats_refuse_a_year_that_is_not_a_year(client):
    for value in ("abc", "1999", "2101", "-1"):
        response = client.get(f"/api/v1/stats?year={value}")
        assert response.status_code == 400
        assert "year" in response.get_json()["error"]["message"]
