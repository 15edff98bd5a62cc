"""The article's image: checked, then stored only as resized copies (never the upload as sent).

An upload that is not a picture, is larger than MAX_BYTES, or decodes to more than MAX_PIXELS is refused
with a Vietnamese sentence before anything is written. The kept copies are re-encoded by Pillow (JPEG),
which also drops whatever else the file carried (EXIF with a GPS position, a polyglot payload).
"""
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# A 10 MB PNG can still decode to gigabytes (a "decompression bomb"): the pixel count is checked first.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Sizes (width × height bounds, aspect kept): the article page's picture and the list/home thumbnail.
LARGE = (1600, 1200)
THUMB = (640, 400)
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PreparedImage:
    large: ContentFile
    thumb: ContentFile
    width: int
    height: int


def _encode(img: Image.Image, bounds: tuple[int, int], name: str) -> tuple[ContentFile, tuple[int, int]]:
    copy = img.copy()
    copy.thumbnail(bounds, Image.Resampling.LANCZOS)  # only ever shrinks
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=name), copy.size


def prepare_image(upload, stem: str = "anh") -> PreparedImage:
    """Check an uploaded file and make the two resized JPEG copies kept for an article.

    Raises ValidationError (Vietnamese) for a file that is too large or is not a usable picture.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("Tệp ảnh quá lớn (%(mb).1f MB); ảnh tối đa %(max)d MB."),
            code="image_too_large",
            params={"mb": size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("Định dạng ảnh không được hỗ trợ; hãy dùng ảnh JPEG, PNG, WebP hoặc GIF."), code="image_format"
                )
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh có kích thước điểm ảnh quá lớn (%(w)d × %(h)d); hãy thu nhỏ ảnh trước khi tải lên."),
                    code="image_too_many_pixels",
                    params={"w": width, "h": height},
                )
            probe.verify()  # a truncated or corrupt file fails here, before it is decoded
        upload.seek(0)
        with Image.open(upload) as img:
            img.load()
            img = ImageOps.exif_transpose(img)  # a phone photo stands the right way up
            if img.mode in ("RGBA", "LA", "P"):
                # Transparent areas become white, as they look on the page, not black.
                rgba = img.convert("RGBA")
                img = Image.new("RGB", rgba.size, "white")
                img.paste(rgba, mask=rgba.getchannel("A"))
            else:
                img = img.convert("RGB")
            large, (w, h) = _encode(img, LARGE, f"{stem}.jpg")
            thumb, _size = _encode(img, THUMB, f"{stem}-nho.jpg")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Tệp đã chọn không phải là ảnh hoặc ảnh bị hỏng; hãy chọn ảnh JPEG, PNG, WebP hoặc GIF."),
            code="not_an_image",
        ) from exc
    return PreparedImage(large=large, thumb=thumb, width=w, height=h)
