"""Charts of the leaders' desk as inline SVG drawn on the server: no JavaScript, printable, and readable
without colour — every bar carries its number, and the second series is hatched, not just another hue.
Each bar links to the dossiers behind it (drill-down)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1b1b1b"
BRAND = "#0b4a8b"
GRID = "#c9ced6"
_ids = count(1)


@dataclass
class Series:
    label: str
    style: str  # "solid" | "hatch"


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _defs(uid: str) -> str:
    return (
        f'<defs><pattern id="hatch-{uid}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BRAND}" stroke-width="3"/></pattern></defs>'
    )


def _fill(style: str, uid: str) -> str:
    return f'fill="url(#hatch-{uid})" stroke="{BRAND}" stroke-width="1"' if style == "hatch" else f'fill="{BRAND}"'


def _bar(x, y, w, h, style, uid, title, href) -> str:
    rect = f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" {_fill(style, uid)}><title>{escape(title)}</title></rect>'
    return f'<a href="{escape(href)}">{rect}</a>' if href else rect


def _legend(series: list[Series], uid: str, x: float, y: float) -> str:
    parts = []
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y - 11}" width="14" height="14" {_fill(s.style, uid)}/>'
            f'<text x="{x + 20}" y="{y}" font-size="13" fill="{INK}">{escape(s.label)}</text>'
        )
        x += 30 + 7.5 * len(s.label)
    return "".join(parts)


def _svg(width: float, height: float, title: str, body: str, uid: str) -> SafeString:
    # A chart whose bars are links is a group (an image's children are hidden from assistive technology,
    # its links with them: axe's nested-interactive); one without links is an image.
    role = "group" if "<a " in body else "img"
    return mark_safe(  # noqa: S308 — every text inside went through escape()
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" role="{role}" '
        f'aria-labelledby="chart-title-{uid}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, \'DejaVu Sans\', Arial, sans-serif">'
        f'<title id="chart-title-{uid}">{escape(title)}</title>{_defs(uid)}{body}</svg>'
    )


def columns(title: str, labels: list[str], series: list[Series], values: list[list], hrefs: list[list]) -> SafeString:
    """Vertical grouped bars: one group per label (e.g. month), one bar per series, number on top."""
    uid = str(next(_ids))
    n, k = max(len(labels), 1), len(series)
    left, right, top, bottom = 10, 10, 40, 34
    slot = max(36.0, min(90.0, 900 / n))
    width = left + right + slot * n
    plot_h = 220
    height = top + plot_h + bottom
    peak = max([v or 0 for row in values for v in row] + [1])
    bar_w = (slot - 10) / k
    body = [_legend(series, uid, left, 18)]
    base_y = top + plot_h
    body.append(f'<line x1="{left}" y1="{base_y}" x2="{width - right}" y2="{base_y}" stroke="{INK}"/>')
    for i, label in enumerate(labels):
        x0 = left + i * slot + 5
        for j, s in enumerate(series):
            v = values[j][i] or 0
            h = plot_h * v / peak
            x = x0 + j * bar_w
            body.append(_bar(x, base_y - h, bar_w - 2, h, s.style, uid, f"{label} — {s.label}: {_num(v)}", hrefs[j][i]))
            body.append(
                f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{base_y - h - 4:.1f}" font-size="11" text-anchor="middle" '
                f'fill="{INK}">{_num(v)}</text>'
            )
        body.append(
            f'<text x="{x0 + (slot - 10) / 2:.1f}" y="{base_y + 18}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    return _svg(width, height, title, "".join(body), uid)


def bars(title: str, labels: list[str], series: list[Series], values: list[list], hrefs: list[list],
         *, maximum: float | None = None, suffix: str = "") -> SafeString:
    """Horizontal bars: one row per label (a unit), one bar per series, the number at the bar's end."""
    uid = str(next(_ids))
    k = len(series)
    label_w, value_w, width = 290, 80, 900
    bar_h, gap = (16, 10) if len(series) == 1 else (12, 9)
    row_h = k * (bar_h + 2) + gap
    top = 34 if k > 1 else 8
    height = top + row_h * max(len(labels), 1) + 4
    peak = maximum or max([v or 0 for row in values for v in row] + [1])
    plot_w = width - label_w - value_w
    body = [_legend(series, uid, label_w, 18)] if k > 1 else []
    body.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{height - 4}" stroke="{INK}"/>')
    for i, label in enumerate(labels):
        y0 = top + i * row_h
        short = label if len(label) <= 42 else label[:40] + "…"
        body.append(
            f'<text x="{label_w - 8}" y="{y0 + (k * (bar_h + 2)) / 2 + 4:.1f}" font-size="12.5" text-anchor="end" '
            f'fill="{INK}"><title>{escape(label)}</title>{escape(short)}</text>'
        )
        for j, s in enumerate(series):
            v = values[j][i]
            w = plot_w * (v or 0) / peak
            y = y0 + j * (bar_h + 2)
            body.append(_bar(label_w + 1, y, w, bar_h, s.style, uid, f"{label} — {s.label}: {_num(v)}{suffix}", hrefs[j][i]))
            body.append(
                f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 3}" font-size="12" fill="{INK}">'
                f'{_num(v)}{escape(suffix) if v is not None else ""}</text>'
            )
    return _svg(width, height, title, "".join(body), uid)
