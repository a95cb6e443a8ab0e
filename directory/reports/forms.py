"""Officer forms: the import upload and its confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from .uploads import ALLOWED_SUFFIXES


class UploadForm(FlaskForm):
    file = FileField(
        _l("Tệp dữ liệu"),
        validators=[FileRequired(_l("Vui lòng chọn một tệp để tải lên."))],
        description=_l(
            "Tệp .json theo định dạng ecodirectory/v1, sổ tính .xlsx có các trang organizations, "
            "offerings, needs, hoặc tệp .zip chứa organizations.csv, offerings.csv, needs.csv."
        ),
        render_kw={"accept": ",".join(ALLOWED_SUFFIXES)},
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the upload to import is named in the URL."""

    confirm = HiddenField(default="1")
