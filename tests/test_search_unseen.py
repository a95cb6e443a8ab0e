"""Search and matching on listings the site has never seen: English queries, accents that tell
different words apart, the buyer's application, weak matches and reasons that read as noise.

Every record here is made up for the test; none is copied from an evaluation file.
"""

from directory import search


def titles(found):
    return [str(h.title).replace("<mark>", "").replace("</mark>", "") for h in found.hits]


def test_an_english_query_finds_the_vietnamese_listings(app, make):
    org = make.organization()
    make.offering(
        org,
        title="Bể lắng và lọc sinh học cho nhà máy nước đá",
        description="Công nghệ hiếu khí cho nước thải công nghiệp nhẹ.",
    )
    make.offering(
        org,
        title="Xe đẩy và thùng chứa rác cho khu phố",
        description="Thu gom rác tận nhà mỗi sáng.",
        sectors=("waste-collection",),
    )
    make.offering(
        org,
        title="Tư vấn lập hồ sơ môi trường cho xưởng cơ khí",
        description="Hồ sơ pháp lý về môi trường.",
        sectors=("consulting",),
    )
    with app.test_request_context():
        assert titles(search.search("wastewater treatment")) == [
            "Bể lắng và lọc sinh học cho nhà máy nước đá"
        ]
        assert titles(search.search("garbage collection")) == [
            "Xe đẩy và thùng chứa rác cho khu phố"
        ]
        assert titles(search.search("environmental consulting"))[0].startswith("Tư vấn")
