"""The machine-readable marks of the slips: the QR code of the public lookup URL and a Code 128 barcode."""
from __future__ import annotations

import base64
import io
from urllib.parse import quote

import barcode
import qrcode
import qrcode.image.svg
from barcode.writer import SVGWriter
from django.conf import settings


def lookup_url(code: str) -> str:
    """The absolute public lookup address of a dossier (the page the QR code opens)."""
    return f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/{quote(code, safe='')}/"


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def qr_svg(text: str) -> bytes:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def barcode_svg(code: str) -> bytes:
    out = io.BytesIO()
    barcode.Code128(code, writer=SVGWriter()).write(
        out, options={"module_height": 9.0, "module_width": 0.25, "font_size": 0, "text_distance": 0, "quiet_zone": 2}
    )
    return out.getvalue()


def qr_data_uri(text: str) -> str:
    return _data_uri(qr_svg(text))


def barcode_data_uri(code: str) -> str:
    return _data_uri(barcode_svg(code))
