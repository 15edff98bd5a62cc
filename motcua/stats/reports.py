"""The reports a center sends, from the figures of `selectors`, exported to Excel (openpyxl) and PDF
(WeasyPrint with the DejaVu fonts shipped in motcua/forms/fonts — the output never depends on system fonts).

* The periodic report on receiving and resolving administrative procedures (Circular 01/2018/TT-VPCP
  Art. 11: the one-stop units report the situation and results periodically), in the usual columns of
  the provincial forms: received (carried over, new online / at the counter / by post), resolved (early,
  on time, late), being resolved at the end (within the deadline, overdue); by field and by unit.
* The satisfaction results (Circular 01/2018 Art. 13): ratings, satisfied, not satisfied, rate; by unit
  and by field.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.common.text import nfc
from motcua.units.models import Unit, UnitKind
from motcua.units.selectors import government_of

from . import selectors as stats
from .models import ExportJob


@dataclass
class Column:
    figure: str  # dotted path into a statistics body, or "" for a computed column
    header: str
    group: str = ""  # the header above (merged over the columns sharing it)
    rate: bool = False


PERIODIC_COLUMNS = [
    Column("received.total", "Tổng số", "Số hồ sơ nhận giải quyết"),
    Column("received.carried_over", "Kỳ trước chuyển qua", "Số hồ sơ nhận giải quyết"),
    Column("received.online", "Mới tiếp nhận trực tuyến", "Số hồ sơ nhận giải quyết"),
    Column("received.counter", "Mới tiếp nhận trực tiếp", "Số hồ sơ nhận giải quyết"),
    Column("received.post", "Mới tiếp nhận qua bưu chính", "Số hồ sơ nhận giải quyết"),
    Column("resolved.total", "Tổng số", "Số hồ sơ đã giải quyết"),
    Column("resolved.early", "Trước hạn", "Số hồ sơ đã giải quyết"),
    Column("resolved.on_time", "Đúng hạn", "Số hồ sơ đã giải quyết"),
    Column("resolved.late", "Quá hạn", "Số hồ sơ đã giải quyết"),
    Column("in_progress.total", "Tổng số", "Số hồ sơ đang giải quyết"),
    Column("in_progress.within_deadline", "Trong hạn", "Số hồ sơ đang giải quyết"),
    Column("in_progress.overdue", "Quá hạn", "Số hồ sơ đang giải quyết"),
    Column("on_time_rate", "Tỷ lệ đúng hạn (%)", "", rate=True),
]
SATISFACTION_COLUMNS = [
    Column("returned", "Hồ sơ đã trả kết quả"),
    Column("satisfaction.ratings", "Lượt đánh giá"),
    Column("satisfaction.satisfied", "Hài lòng, rất hài lòng"),
    Column("satisfaction.not_satisfied", "Không hài lòng"),
    Column("satisfaction.rate", "Tỷ lệ hài lòng (%)", rate=True),
]
TITLES = {
    ExportJob.Kind.PERIODIC: "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    ExportJob.Kind.SATISFACTION: "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG CỦA TỔ CHỨC, CÁ NHÂN",
}
SECTIONS = [("field", "Theo lĩnh vực"), ("unit", "Theo đơn vị")]
ALWAYS_LISTED = (UnitKind.ADMIN_CENTER, UnitKind.ONE_STOP_DESK, UnitKind.WARD, UnitKind.COMMUNE)


def _value(body: dict, figure: str):
    if figure == "satisfaction.not_satisfied":
        sat = body.get("satisfaction") or {}
        return (sat.get("ratings") or 0) - (sat.get("satisfied") or 0)
    node = body
    for part in figure.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


@dataclass
class Section:
    title: str
    rows: list[tuple[str, list]]
    total: list


@dataclass
class Report:
    kind: str
    title: str
    unit: Unit
    issuer: str
    issuer_parent: str
    date_from: date
    date_to: date
    columns: list[Column]
    sections: list[Section] = field(default_factory=list)
    made_at: str = ""

    @property
    def period(self) -> str:
        return f"Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"

    @property
    def header_groups(self) -> list[tuple[str, int]]:
        """(group header, number of columns under it) in order; "" for a column without a group."""
        out: list[tuple[str, int]] = []
        for c in self.columns:
            if c.group and out and out[-1][0] == c.group:
                out[-1] = (c.group, out[-1][1] + 1)
            else:
                out.append((c.group, 1))
        return out


def build_report(kind: str, unit: Unit, date_from: date, date_to: date,
                 progress: Callable[[int, int], None] | None = None) -> Report:
    columns = PERIODIC_COLUMNS if kind == ExportJob.Kind.PERIODIC else SATISFACTION_COLUMNS
    gov = government_of(unit)
    # The heading of an administrative document: a People's Committee under its own name, an office
    # under the committee it belongs to (as the forms of motcua.forms do).
    issuer, parent = (f"Ủy ban nhân dân {unit.name}", "") if gov.pk == unit.pk else (unit.name, f"UBND {gov.name}")
    report = Report(
        kind=kind, title=TITLES[kind], unit=unit, issuer=issuer,
        issuer_parent=parent, date_from=date_from, date_to=date_to,
        columns=columns, made_at=f"{timezone.localtime():%H:%M ngày %d/%m/%Y}",
    )
    steps = len(SECTIONS) + 1
    for i, (group_by, title) in enumerate(SECTIONS, start=1):
        body = stats.figures(unit, date_from, date_to, group_by=group_by)
        kinds = {u.code: u.kind for u in Unit.objects.filter(code__in=[g["key"] for g in body["groups"]])}
        rows = [
            (str(g.get("name") or g["key"]), [_value(g, c.figure) for c in columns]) for g in body["groups"]
            # Places that receive dossiers are always listed, even at 0; other units and fields only
            # when they have something to report.
            if kinds.get(g["key"]) in ALWAYS_LISTED or any(_value(g, c.figure) for c in columns if not c.rate)
        ]
        report.sections.append(Section(title, rows, [_value(body, c.figure) for c in columns]))
        if progress:
            progress(i, steps)
    return report


# -- Excel -----------------------------------------------------------------------------------------------
def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    wb = Workbook()
    wb.remove(wb.active)
    n = len(report.columns) + 2
    for section in report.sections:
        ws = wb.create_sheet(nfc(section.title)[:31])
        ws.append([nfc(report.issuer_parent)])
        ws.append([nfc(report.issuer)])
        ws.append([])
        ws.append([nfc(report.title)])
        ws.append([nfc(f"{report.period} — {section.title.lower()}")])
        ws.append([])
        for r in (1, 2, 4, 5):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n if r > 3 else 5)
            ws.cell(r, 1).font = bold if r != 5 else Font(italic=True)
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
        head = 7
        ws.cell(head, 1, "STT")
        ws.cell(head, 2, "Lĩnh vực" if section.title.endswith("lĩnh vực") else "Đơn vị")
        for r in (head, head + 1):
            for c in (1, 2):
                ws.cell(r, c).border = box
        ws.merge_cells(start_row=head, start_column=1, end_row=head + 1, end_column=1)
        ws.merge_cells(start_row=head, start_column=2, end_row=head + 1, end_column=2)
        col = 3
        for group, span in report.header_groups:
            if group:
                ws.cell(head, col, nfc(group))
                for k in range(span):
                    ws.cell(head + 1, col + k, nfc(report.columns[col - 3 + k].header))
                if span > 1:
                    ws.merge_cells(start_row=head, start_column=col, end_row=head, end_column=col + span - 1)
            else:
                ws.cell(head, col, nfc(report.columns[col - 3].header))
                ws.merge_cells(start_row=head, start_column=col, end_row=head + 1, end_column=col)
            col += span
        for r in (head, head + 1):
            for c in range(1, n + 1):
                cell = ws.cell(r, c)
                cell.font, cell.alignment, cell.border = bold, center, box
        ws.row_dimensions[head + 1].height = 45
        row = head + 2
        for i, (name, values) in enumerate(section.rows, start=1):
            _row(ws, row, i, nfc(name), values, report.columns, box)
            row += 1
        _row(ws, row, "", "Tổng cộng", section.total, report.columns, box, bold=True)
        ws.cell(row + 2, 1, nfc(f"Số liệu lập lúc {report.made_at} từ lịch sử hồ sơ của hệ thống Một Cửa."))
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 42
        for c in range(3, n + 1):
            ws.column_dimensions[get_column_letter(c)].width = 13
        ws.freeze_panes = ws.cell(head + 2, 3)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(ws, row, number, name, values, columns, box, bold=False):
    from openpyxl.styles import Font

    ws.cell(row, 1, number)
    ws.cell(row, 2, name)
    for k, (column, v) in enumerate(zip(columns, values, strict=True)):
        cell = ws.cell(row, 3 + k, v)
        if column.rate:
            cell.number_format = "0.00"
        else:
            cell.number_format = "#,##0"
    for c in range(1, len(columns) + 3):
        ws.cell(row, c).border = box
        if bold:
            ws.cell(row, c).font = Font(bold=True)


# -- PDF -------------------------------------------------------------------------------------------------
def fmt(value, rate=False) -> str:
    if value is None:
        return "—"
    if rate:
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    from motcua.forms.rendering import FONTS_DIR

    sections = [
        {"title": s.title,
         "name_header": "Lĩnh vực" if s.title.endswith("lĩnh vực") else "Đơn vị",
         "rows": [(name, [fmt(v, c.rate) for c, v in zip(report.columns, values, strict=True)]) for name, values in s.rows],
         "total": [fmt(v, c.rate) for c, v in zip(report.columns, s.total, strict=True)]}
        for s in report.sections
    ]
    grouped = any(c.group for c in report.columns)
    head1, head2, i = [], [], 0
    for group, span in report.header_groups:
        if group:
            head1.append((group, span, 1))
            head2.extend(c.header for c in report.columns[i:i + span])
        else:
            head1.append((report.columns[i].header, 1, 2 if grouped else 1))
        i += span
    html = render_to_string("stats/report_pdf.html", {
        "report": report, "sections": sections, "fonts_url": FONTS_DIR.as_uri(),
        "head1": head1, "head2": head2, "head_rows": 2 if grouped else 1,
    })
    return HTML(string=nfc(html), base_url=str(FONTS_DIR)).write_pdf()


# -- the background job ----------------------------------------------------------------------------------
def run_export(job_id: int) -> str:
    """Build the file of an export job. The reports are statutory forms (Circular 01/2018/TT-VPCP, Art. 11):
    always in Vietnamese, whatever language the officer who asked for it uses (decision 0038)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _run_export(job_id)


def _run_export(job_id: int) -> str:
    jobs = ExportJob.objects.filter(pk=job_id)
    job = jobs.select_related("unit").get()
    total = len(SECTIONS) + 1  # the figures of each section, then the file

    def progress(done: int, _steps: int) -> None:
        jobs.update(done=done, total=total)

    jobs.update(status=ExportJob.Status.RUNNING, done=0, total=total)
    try:
        report = build_report(job.kind, job.unit, job.date_from, job.date_to, progress)
        content = to_xlsx(report) if job.format == ExportJob.Format.XLSX else to_pdf(report)
        name = f"{'bao-cao-tinh-hinh' if job.kind == ExportJob.Kind.PERIODIC else 'bao-cao-hai-long'}-{job.unit.code}-" \
               f"{job.date_from:%Y%m%d}-{job.date_to:%Y%m%d}.{job.format}"
    except Exception as exc:  # the page must show the failure instead of polling forever
        jobs.update(status=ExportJob.Status.FAILED, error=f"Không lập được báo cáo: {exc}", finished_at=timezone.now())
        raise
    jobs.update(status=ExportJob.Status.DONE, done=total, content=content, file_name=name, finished_at=timezone.now())
    return name
