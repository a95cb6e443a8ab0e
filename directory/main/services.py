"""What the home page shows."""


def home_page_data() -> dict:
    return {}
