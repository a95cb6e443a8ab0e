"""Does sign-in take as long for an unknown address as for a known one? (issue 16, item 5)

Run by hand: .venv/bin/python bench/signin_timing.py — production hashing (scrypt), a
throw-away SQLite database; prints the median time of a wrong sign-in for each case.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from directory import create_app  # noqa: E402
from directory.accounts import services  # noqa: E402
from directory.extensions import db  # noqa: E402

ROUNDS = 7


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-signin-")
    app = create_app(
        {
            "DIRECTORY_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(folder, "bench.sqlite"),
            "SEARCH_INDEX_DIR": os.path.join(folder, "index"),
            "MAIL_DIR": os.path.join(folder, "mail"),
            "PASSWORD_HASH_METHOD": "scrypt",
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
            "LOGIN_FREE_FAILURES": 10_000,  # measure the check, not the slow-down
        }
    )
    with app.app_context():
        db.create_all()
        services.create_user("known@example.vn", "mật khẩu đủ dài 123")
    client = app.test_client()
    for email in ("known@example.vn", "unknown@example.vn", "known@example.vn"):
        times = []
        for n in range(ROUNDS):
            started = time.perf_counter()
            client.post("/account/login", data={"email": email, "password": f"sai {n}"})
            times.append(time.perf_counter() - started)
        print(f"{email:22} median {statistics.median(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
