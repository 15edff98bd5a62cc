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

# The check element belongs to the dossier code (motcua.dossiers.codes); the slips print it.
from motcua.dossiers.codes import check_matches, lookup_check

__all__ = ["check_matches", "lookup_check", "lookup_url", "qr_svg", "qr_data_uri", "barcode_data_uri"]


def lookup_url(code: str) -> str:
    """The absolute public lookup address of a dossier, with its check (the page the QR code opens)."""
    return f"{settings.MOTCUA_PUBLIC_URL}/tra-cuu/{quote(code, safe='')}/?k={lookup_check(code)}"


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def qr_svg(text: str, box_size: int = 10, border: int = 2) -> bytes:
    """A QR code as SVG (the slips, the queue ticket, the two-factor enrolment page)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size, border=border)
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
