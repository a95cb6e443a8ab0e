"""Issue 15, pattern 5: a short search finds listings that name a member of the same family
(waste by its items, a symptom for the pollutant, a process by its machine). Made-up records."""

import pytest

from directory import search


@pytest.mark.parametrize(
    ("listing", "typed"),
    [
        ("Thu gom pin thải từ hộ gia đình và trường học", "pin cũ"),
        ("Thu mua sắt phế liệu tại Sa Đéc", "sắt vụn"),
        ("Thu hồi rác thải điện tử cho cơ quan", "đồ điện tử cũ"),
        ("Dịch vụ tách nước bùn di động cho trạm xử lý", "máy ép bùn"),
        ("Hệ thống sục khí đáy ao", "máy thổi khí"),
        ("Giảm độ ồn cho xưởng cơ khí", "tiếng ồn"),
    ],
)
def test_a_search_finds_a_listing_worded_by_another_member_of_the_family(app, make, listing, typed):
    org = make.organization()
    wanted = make.offering(org, title=listing, description="Phục vụ toàn tỉnh Đồng Tháp.")
    make.offering(org, title="Tư vấn lập hồ sơ môi trường", description="Báo cáo định kỳ.")
    with app.test_request_context():
        found = search.search(typed, kind="offering")
    assert not found.approximate  # found as having every word (or its family member)
    assert [h.id for h in found.hits] == [wanted.id]
