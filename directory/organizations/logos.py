"""Organization logos: checked and re-encoded with Pillow, stored under generated names.

Nothing a user sends is ever used as a file name: a logo is stored as ``<uuid4 hex>.<ext>``
under ``UPLOAD_DIR/logos`` and served only by that name.
"""

import io
import os
import re
import uuid
import warnings

from flask import current_app
from PIL import Image, ImageOps

from .errors import OrganizationError

EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp)$")
MAX_SIDE = 512  # logos are shown small; a smaller stored file also drops any payload
MAX_UPLOAD_SIDE = 2000  # refused before decoding: a 5000×5000 PNG took seconds and 300 MB


def format_of(image: Image.Image) -> str | None:
    """The image's format as we store it: a multi-picture JPEG (MPO, written by some phones and
    cameras) is a JPEG whose first picture is the photo."""
    return "JPEG" if image.format == "MPO" else image.format


def size_text(n: int) -> str:
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{max(1, n // 1024)} KB"


def prepare_logo(stream) -> tuple[bytes, str]:
    """Read an uploaded file; return the re-encoded image and its extension, or raise the
    OrganizationError that says why it is not a logo we accept."""
    limit = current_app.config["LOGO_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise OrganizationError("logo-empty", "logo")
    if len(data) > limit:
        raise OrganizationError("logo-too-heavy", "logo", size=size_text(limit))
    try:
        with warnings.catch_warnings():
            # DecompressionBombWarning and other decoder warnings become refusals, not errors.
            warnings.simplefilter("error")
            with Image.open(io.BytesIO(data)) as probe:
                fmt = format_of(probe)
                if fmt not in EXTENSIONS:
                    raise OrganizationError("logo-not-an-image", "logo")
                if max(probe.size) > MAX_UPLOAD_SIDE:
                    raise OrganizationError("logo-too-large", "logo", n=MAX_UPLOAD_SIDE)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                # thumbnail() decodes a JPEG at a reduced scale (draft) and halves other
                # images with reduce() before resampling; the EXIF turn applies to the result.
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                return encode_image(ImageOps.exif_transpose(image), fmt), EXTENSIONS[fmt]
    except OrganizationError:
        raise
    except Exception as exc:  # any decoder failure on untrusted bytes means "not an image"
        raise OrganizationError("logo-not-an-image", "logo") from exc


def encode_image(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88)
    elif fmt == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=88)
    return out.getvalue()


def logo_dir() -> str:
    return os.path.join(current_app.config["UPLOAD_DIR"], "logos")


def store_logo(data: bytes, extension: str) -> str:
    """Write the logo under a fresh generated name; return that name."""
    folder = logo_dir()
    os.makedirs(folder, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    with open(os.path.join(folder, name), "xb") as fh:
        fh.write(data)
    return name


def delete_logo(name: str | None) -> None:
    if name and STORED_NAME.match(name):
        try:
            os.remove(os.path.join(logo_dir(), name))
        except FileNotFoundError:
            pass
