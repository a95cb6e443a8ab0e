"""Logo upload cost: time of ``prepare_logo`` for large images.

    .venv/bin/python bench/logos.py

Each case runs in a fresh process and prints a Markdown row.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CASES = [
    ("PNG 16-bit grey 5000×5000", "I;16", (5000, 5000), "PNG"),
    ("PNG 16-bit grey 2000×2000", "I;16", (2000, 2000), "PNG"),
    ("PNG RGB 2000×2000", "RGB", (2000, 2000), "PNG"),
    ("JPEG 2000×2000", "RGB", (2000, 2000), "JPEG"),
]


def image(mode: str, size: tuple[int, int], fmt: str) -> bytes:
    from PIL import Image

    gradient = Image.linear_gradient("L").resize(size)
    if mode == "I;16":
        picture = gradient.convert("I").point(lambda v: v * 257).convert("I;16")
    else:
        picture = Image.merge("RGB", (gradient, gradient.transpose(0), gradient))
    out = io.BytesIO()
    picture.save(out, fmt)
    return out.getvalue()


def one(name: str, path: str) -> dict:
    from directory import create_app
    from directory.organizations.logos import LogoError, prepare_logo

    with open(path, "rb") as fh:
        data = fh.read()
    app = create_app(
        {
            "DIRECTORY_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "LOGO_MAX_BYTES": len(data) + 1,
        }
    )
    with app.app_context():
        start = time.perf_counter()
        try:
            prepare_logo(io.BytesIO(data))
            outcome = "stored"
        except LogoError as error:
            outcome = f"refused: {error}"
        seconds = time.perf_counter() - start
    return {
        "name": name,
        "kb": len(data) // 1024,
        "ms": seconds * 1000,
        "outcome": outcome,
    }


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        print(json.dumps(one(sys.argv[2], sys.argv[3]), ensure_ascii=False))
        return
    print("| image | file KB | ms | outcome |")
    print("|---|---:|---:|---|")
    folder = tempfile.mkdtemp(prefix="bench-logos-")
    for name, mode, size, fmt in CASES:
        path = os.path.join(folder, "logo." + fmt.lower())
        with open(path, "wb") as fh:
            fh.write(image(mode, size, fmt))
        out = subprocess.run(
            [sys.executable, __file__, "--case", name, path],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {r['name']} | {r['kb']} | {r['ms']:.0f} | {r['outcome']} |")


if __name__ == "__main__":
    main()
