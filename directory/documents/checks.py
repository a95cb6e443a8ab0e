"""What an uploaded document must be: a PDF, JPEG, PNG or WebP, told by its content.

Limits (configuration): ``DOCUMENT_MAX_BYTES`` per file (10 MB), ``DOCUMENT_MAX_PAGES`` per PDF
(200). A PDF that could act when opened — JavaScript, an embedded file, a launch action,
rich media or an XFA form — is refused, and so is an encrypted one (it cannot be checked).
Images are decoded only after their size is read from the header (no image bombs) and are
re-encoded (organizations.logos' encoder): the stored file is pixels, nothing else.
"""

import io
import warnings

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from ..domain import DomainError
from ..organizations.logos import EXTENSIONS, encode_image, format_of, size_text

MAX_SIDE = 8000  # refused before decoding
MAX_PIXELS = 40_000_000
STORED_SIDE = 2400  # a photo is shown on a page, not printed
MAX_OBJECTS = 50_000  # a PDF with more objects is not a certificate
# Names whose presence means the PDF can do something when opened.
ACTIVE = {
    "/JavaScript",
    "/JS",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/Launch",
    "/RichMedia",
    "/XFA",
    "/SubmitForm",
    "/ImportData",
    "/GoToE",
}


class UploadError(DomainError):
    messages = {
        "empty": _l("Tệp trống."),
        "too-big": _l("Tệp không được lớn hơn %(size)s."),
        "wrong-type": _l(
            "Chỉ nhận tệp PDF, JPEG, PNG hoặc WebP (kiểm tra theo nội dung tệp, không theo tên)."
        ),
        "bad-pdf": _l("Tệp PDF bị hỏng hoặc không đọc được."),
        "encrypted-pdf": _l("Tệp PDF có mật khẩu; hãy tải lên bản không đặt mật khẩu."),
        "active-pdf": _l(
            "Tệp PDF có mã JavaScript, tệp đính kèm hoặc lệnh tự chạy nên không được nhận; "
            "hãy in lại ra PDF thường rồi tải lên."
        ),
        "too-many-pages": _l("Tệp PDF dài tối đa %(n)d trang."),
        "bad-image": _l("Tệp ảnh bị hỏng hoặc không đọc được."),
        "image-too-large": _l(
            "Ảnh không được lớn hơn %(side)d điểm ảnh mỗi chiều và %(mp)d triệu điểm ảnh."
        ),
    }


def sniff(data: bytes) -> str | None:
    """The type the bytes are, whatever the file was called."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def prepare(stream) -> tuple[bytes, str, str]:
    """Read and check an upload; return (bytes to store, extension, content type)."""
    limit = current_app.config["DOCUMENT_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise UploadError("empty", "file")
    if len(data) > limit:
        raise UploadError("too-big", "file", size=size_text(limit))
    found = sniff(data)
    if found is None:
        raise UploadError("wrong-type", "file")
    if found == "pdf":
        check_pdf(data)
        return data, "pdf", "application/pdf"
    image, fmt = reencode(data)
    extension = EXTENSIONS[fmt]
    return image, extension, Image.MIME[fmt]


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadError("encrypted-pdf", "file")
            pages = len(reader.pages)
            active = _has_active_content(reader.trailer)
    except UploadError:
        raise
    except (PdfReadError, Exception) as exc:  # any parser failure on untrusted bytes
        raise UploadError("bad-pdf", "file") from exc
    if active:
        raise UploadError("active-pdf", "file")
    if pages > current_app.config["DOCUMENT_MAX_PAGES"]:
        raise UploadError("too-many-pages", "file", n=current_app.config["DOCUMENT_MAX_PAGES"])


def _has_active_content(root) -> bool:
    """Walk every object reachable from the trailer (compressed object streams included)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise UploadError("bad-pdf", "file")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if ACTIVE & set(obj.keys()):
                return True
            if obj.get("/S") in ("/JavaScript", "/Launch") or obj.get("/Type") in (
                "/EmbeddedFile",
                "/Filespec",
            ):
                return True
            todo.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            todo.extend(obj)
        elif isinstance(obj, NameObject) and obj in ("/JavaScript", "/EmbeddedFile"):
            return True
    return False


def reencode(data: bytes) -> tuple[bytes, str]:
    """The image decoded within limits and encoded again; (bytes, Pillow format)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # DecompressionBombWarning becomes a refusal
            with Image.open(io.BytesIO(data)) as probe:
                fmt = format_of(probe)
                width, height = probe.size
                if fmt not in EXTENSIONS:
                    raise UploadError("wrong-type", "file")
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    raise UploadError(
                        "image-too-large", "file", side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.thumbnail((STORED_SIDE, STORED_SIDE))
                return encode_image(ImageOps.exif_transpose(image), fmt), fmt
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadError(
            "image-too-large", "file", side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000
        ) from exc
    except Exception as exc:  # any decoder failure on untrusted bytes
        raise UploadError("bad-image", "file") from exc
