"""The Đồng Tháp demo data that `make run` shows (development only)."""
