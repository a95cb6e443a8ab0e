"""Synthetic province data for speed benchmarks: realistic Vietnamese phrases recombined.

Heads ("Hệ thống xử lý nước thải", "Lọc bụi túi vải"…), applications ("cho nhà máy chế biến cá
tra"…) and sentences come from an evaluation file's records and are shuffled into new records
in the import format. For speed only: the texts make sense, the combinations need not.
"""

import json
import random
import re

APPLICATIONS = [
    "cho nhà máy chế biến thủy sản",
    "cho khu công nghiệp",
    "cho cụm công nghiệp",
    "cho bệnh viện tuyến huyện",
    "cho trang trại chăn nuôi heo",
    "cho làng nghề bánh phồng tôm",
    "cho khu dân cư nông thôn",
    "cho chợ đầu mối",
    "cho nhà máy xay xát lúa gạo",
    "cho cơ sở chế biến trái cây",
    "cho trường học",
    "cho hợp tác xã",
    "quy mô xã",
    "công suất nhỏ",
    "dạng module lắp ghép",
    "",
]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;])\s+", text or "") if len(s.strip()) > 20]


def _head(title: str) -> str:
    return re.split(r"[:,(–]| cho ", title)[0].strip()


def generate(source: dict, offerings: int, needs: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    off_src, need_src = source["offerings"], source["needs"]
    off_sentences = [s for o in off_src for s in _sentences(o["description"])]
    need_sentences = [s for n in need_src for s in _sentences(n["description"])]
    communes = sorted({n["commune"] for n in need_src if n.get("commune")})
    n_orgs = max(10, offerings // 10)
    orgs = [
        {
            "ref": f"SYN-ORG-{i}",
            "name": f"{rnd.choice(['Công ty TNHH', 'Công ty CP', 'HTX', 'Trung tâm'])} "
            f"{rnd.choice(['Môi trường', 'Kỹ thuật', 'Công nghệ', 'Năng lượng', 'Nước'])} "
            f"{rnd.choice(['Xanh', 'Sông Tiền', 'Đồng Tháp', 'Mê Kông', 'Sen Hồng', 'Tràm Chim'])} "
            f"{i}",
            "kind": "company",
            "commune": rnd.choice(communes),
            "description": " ".join(rnd.sample(off_sentences, 2)),
            "verified": rnd.random() < 0.4,
        }
        for i in range(n_orgs)
    ]
    result_offerings = []
    for i in range(offerings):
        base = rnd.choice(off_src)
        area = rnd.sample(communes, rnd.randint(1, 4)) if rnd.random() < 0.15 else []
        result_offerings.append(
            {
                "ref": f"SYN-OFF-{i}",
                "organization": rnd.choice(orgs)["ref"],
                "type": base["type"],
                "title": f"{_head(base['title'])} {rnd.choice(APPLICATIONS)}".strip(),
                "description": " ".join(
                    _sentences(base["description"])[:2]
                    + rnd.sample(off_sentences, rnd.randint(1, 3))
                ),
                "sectors": base["sectors"],
                "service_area": area,
            }
        )
    result_needs = []
    for i in range(needs):
        base = rnd.choice(need_src)
        result_needs.append(
            {
                "ref": f"SYN-NEED-{i}",
                "organization": rnd.choice(orgs)["ref"],
                "title": f"{_head(base['title'])} {rnd.choice(APPLICATIONS)}".strip(),
                "description": " ".join(
                    _sentences(base["description"])[:1]
                    + rnd.sample(need_sentences, rnd.randint(1, 2))
                ),
                "sectors": base["sectors"],
                "commune": rnd.choice(communes),
                "deadline": "2099-12-31",
                "procurement": base.get("procurement"),
            }
        )
    return {
        "format": "ecodirectory/v1",
        "organizations": orgs,
        "offerings": result_offerings,
        "needs": result_needs,
    }


if __name__ == "__main__":
    import sys

    with open(sys.argv[1], encoding="utf-8") as fh:
        data = generate(json.load(fh), int(sys.argv[2]), int(sys.argv[3]))
    json.dump(data, sys.stdout, ensure_ascii=False)
