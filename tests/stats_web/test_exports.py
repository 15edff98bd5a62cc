"""Reports exported from the desk: built by a background task with its progress shown, downloadable by
their author only, opening in a spreadsheet (openpyxl) and as a PDF whose text carries the figures."""
import io
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from motcua.stats import reports
from motcua.stats import selectors as stats
from motcua.stats.models import ExportJob
from motcua.units.models import Unit

from .builders import PERIOD, a_year

pytestmark = pytest.mark.django_db

REPORTS = "/can-bo/thong-ke/bao-cao/"
FROM, TO = date(2024, 1, 1), date(2024, 12, 31)


@pytest.fixture
def year(city):
    return a_year(city)


def export(client, kind, fmt, unit="CP"):
    response = client.post(REPORTS, {"kind": kind, "format": fmt, "unit": unit, **PERIOD})
    assert response.status_code == 302, response.content.decode()[:500]
    job = ExportJob.objects.latest("id")
    assert response["Location"] == f"{REPORTS}{job.pk}/"
    return job


def test_the_periodic_report_opens_as_a_workbook_with_the_service_figures(client_as, year):
    client = client_as("giamdoc.hcc")
    job = export(client, "periodic", "xlsx")
    page = client.get(f"{REPORTS}{job.pk}/")
    assert "Đã lập xong báo cáo" in page.content.decode()
    response = client.get(f"{REPORTS}{job.pk}/tai-ve/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tinh-hinh-CP-20240101-20241231.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Theo lĩnh vực", "Theo đơn vị"]
    city = Unit.objects.get(code="CP")
    whole = stats.figures(city, FROM, TO)
    ws = wb["Theo đơn vị"]
    assert ws["A4"].value == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    rows = {r[1]: r for r in ws.iter_rows(min_row=9, values_only=True) if r[1]}
    total = rows["Tổng cộng"]
    assert total[2:14] == (
        whole["received"]["total"], whole["received"]["carried_over"], whole["received"]["online"],
        whole["received"]["counter"], whole["received"]["post"], whole["resolved"]["total"],
        whole["resolved"]["early"], whole["resolved"]["on_time"], whole["resolved"]["late"],
        whole["in_progress"]["total"], whole["in_progress"]["within_deadline"], whole["in_progress"]["overdue"],
    )
    ward = next(g for g in stats.figures(city, FROM, TO, group_by="unit")["groups"] if g["key"] == "CP-CTR")
    assert rows[ward["name"]][2] == ward["received"]["total"] == 3
    assert rows[ward["name"]][14] == ward["on_time_rate"]
    # every ward is listed even at 0; an agency with nothing to report is not
    assert rows["Phường Cẩm Đông"][2] == 0
    assert "Công an thành phố Cẩm Phả" not in rows
    assert ws["A2"].value == "Ủy ban nhân dân Thành phố Cẩm Phả"


def test_the_satisfaction_report_is_a_pdf_whose_text_has_the_figures(client_as, year, tmp_path):
    client = client_as("giamdoc.hcc")
    job = export(client, "periodic", "pdf")
    response = client.get(f"{REPORTS}{job.pk}/tai-ve/")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "Từ ngày 01/01/2024 đến ngày 31/12/2024" in text
    assert "Phường Cẩm Trung" in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    whole = stats.figures(Unit.objects.get(code="CP"), FROM, TO)
    assert total_line.split()[2:5] == [str(whole["received"]["total"]), str(whole["received"]["carried_over"]),
                                       str(whole["received"]["online"])]

    job = export(client, "satisfaction", "pdf")
    pdf.write_bytes(client.get(f"{REPORTS}{job.pk}/tai-ve/").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG" in text
    assert "Tỷ lệ hài lòng (%)" in text


def test_the_job_records_each_step_before_the_next_begins(city, year, monkeypatch):
    job = ExportJob.objects.create(kind="periodic", format="xlsx", unit=Unit.objects.get(code="CP"),
                                   date_from=FROM, date_to=TO, created_by=city["giamdoc.hcc"])
    seen = []
    real = reports.stats.figures

    def watching(*args, **kwargs):
        job.refresh_from_db()
        seen.append((job.status, job.done, job.total))
        return real(*args, **kwargs)

    monkeypatch.setattr(reports.stats, "figures", watching)
    reports.run_export(job.pk)
    job.refresh_from_db()
    assert seen == [("running", 0, 3), ("running", 1, 3)]
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)


def test_a_running_job_polls_with_a_progress_bar_and_stops_when_done(client_as, city):
    client = client_as("giamdoc.hcc")
    job = ExportJob.objects.create(kind="periodic", format="xlsx", unit=Unit.objects.get(code="CP"), date_from=FROM,
                                   date_to=TO, created_by=city["giamdoc.hcc"], status="running", done=1, total=3)
    partial = client.get(f"{REPORTS}{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert '<progress max="3" value="1">33 %</progress>' in partial
    assert "<html" not in partial
    ExportJob.objects.filter(pk=job.pk).update(status="done", done=3, content=b"x", file_name="a.xlsx")
    partial = client.get(f"{REPORTS}{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert f'href="{REPORTS}{job.pk}/tai-ve/"' in partial


def test_a_failed_job_says_so_in_vietnamese_and_stops_polling(client_as, city, monkeypatch):
    client = client_as("giamdoc.hcc")

    def broken(*args, **kwargs):
        raise RuntimeError("máy chủ bận")

    monkeypatch.setattr(reports.stats, "figures", broken)
    # The task fails (its runner records it); the job row says why, for the page.
    response = client.post(REPORTS, {"kind": "periodic", "format": "xlsx", "unit": "CP", **PERIOD})
    assert response.status_code == 302
    job = ExportJob.objects.latest("id")
    assert job.status == "failed" and job.content is None
    page = client.get(f"{REPORTS}{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Không lập được báo cáo: máy chủ bận" in page and "hx-trigger" not in page


def test_a_report_is_its_authors_alone(client_as, year):
    job = export(client_as("giamdoc.hcc"), "periodic", "xlsx")
    other = client_as("lanhdao.cp")
    assert other.get(f"{REPORTS}{job.pk}/").status_code == 404
    assert other.get(f"{REPORTS}{job.pk}/tai-ve/").status_code == 404


def test_a_ward_leader_cannot_export_the_city(client_as, year):
    client = client_as("lanhdao.camtrung")
    response = client.post(REPORTS, {"kind": "periodic", "format": "xlsx", "unit": "CP", **PERIOD})
    assert response.status_code == 400
    assert "Đơn vị không tồn tại hoặc nằm ngoài phạm vi bạn được xem." in response.content.decode()
    assert not ExportJob.objects.exists()
