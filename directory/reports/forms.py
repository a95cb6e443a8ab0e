"""Officer forms: the import upload and its confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from ..forms import upload_field
from .uploads import ALLOWED_SUFFIXES


class UploadForm(FlaskForm):
    file = upload_field(
        _l("Tệp dữ liệu"),
        ",".join(ALLOWED_SUFFIXES),
        description=_l(
            "Tệp .json theo định dạng ecodirectory/v1, sổ tính .xlsx có các trang organizations, "
            "offerings, needs, hoặc tệp .zip chứa organizations.csv, offerings.csv, needs.csv."
        ),
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the upload to import is named in the URL."""

    confirm = HiddenField(default="1")
