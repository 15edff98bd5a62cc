"""Issue 12, done when — in the browser: Cẩm Phả across 1 July 2025 (Resolution 1679/NQ-UBTVQH15).
A dossier received on 30 June 2025 at phường Cẩm Trung (Decree 61/2018, forms of Circular 01/2018) is still
open when the ward ends; phường Cẩm Phả's officers find it in their worklist with its code, due instant and
history, and finish it. On 1 July 2025 the old desk receives nothing more, and phường Cẩm Phả's own center
receives under Decree 118/2025 with the forms of Circular 03/2025 and its own code.
Screenshots: test-output/browser/across_2025_*.png."""
import re
import subprocess
import urllib.request

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.demo.services import load_demo_accounts, load_demo_reorganisation_2025, load_demo_units_2025
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .journeys import act, live_server_url, local, open_dossier, open_intake_of, result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days
BIRTH_NAME = "Đăng ký khai sinh"


@pytest.fixture
def city(demo_city, settings):
    settings.DEMO_REORGANISATION_2025 = True
    load_demo_units_2025()
    load_demo_accounts()
    from motcua.accounts.models import User

    return {u.username: u for u in User.objects.select_related("unit")}


def pdf_text(page, href) -> str:
    """The PDF behind a print button, fetched with the page's session cookie."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    request = urllib.request.Request(live_server_url(page) + href, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (the live test server)
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def receive_birth(desk):
    open_intake_of(desk, "khai sinh", BIRTH_NAME)
    desk.get_by_label("Tờ khai đăng ký khai sinh (theo mẫu)", exact=True).check()
    desk.get_by_label("Giấy chứng sinh hoặc văn bản thay thế", exact=True).check()
    desk.get_by_label("Họ và tên người nộp / tổ chức").fill("Nguyễn Thị Hạnh")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()


def test_cam_pha_across_1_july_2025_in_the_browser(city, open_as, output_dir):
    # 30 June 2025: received at the Cẩm Trung desk (the counter's own service call) and sent to the ward.
    with time_machine.travel(local(2025, 6, 30, 9, 0), tick=False):
        old = services.receive_dossier(
            actor=city["tiepnhan.camtrung"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="counter",
            applicant={"name": "Đỗ Thị Lan"},
        ).dossier
        old = services.transition(old, "transfer", actor=city["tiepnhan.camtrung"], expected_version=old.version)
        due = old.due_at
    # 1 July 2025, 07:00: the city and its wards end; the open dossier goes to phường Cẩm Phả.
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        assert load_demo_reorganisation_2025()["handed_over"] == 1

    with time_machine.travel(local(2025, 7, 1, 8, 30), tick=True):
        # The old desk: nothing can be received there any more, in plain Vietnamese.
        old_desk = open_as("tiepnhan.camtrung")
        receive_birth(old_desk)
        expect(old_desk.locator(".alert-error, .errorlist, [role=alert]").first).to_contain_text("đã chấm dứt hoạt động")
        assert not Dossier.objects.filter(reception_unit__code="CP-CTR-MC").exclude(pk=old.pk).exists()

        # phường Cẩm Phả's officer finds the crossed dossier in the unit's worklist, history and all.
        ward = open_as("chuyenvien.phuongcampha")
        open_dossier(ward, old.code)
        expect(ward.locator("body")).to_contain_text("Bàn giao cho đơn vị kế thừa")
        expect(ward.locator(".print-actions")).to_contain_text("Phiếu kiểm soát quá trình (Mẫu 05)")
        ward.screenshot(path=str(output_dir / "across_2025_handed_over.png"), full_page=True)
        chairman = open_as("lanhdao.phuongcampha")
        open_dossier(chairman, old.code)
        act(chairman, "approve", "Phê duyệt")

        # The new center receives under Decree 118/2025: its own code, the forms of Circular 03/2025.
        desk = open_as("tiepnhan.phuongcampha")
        receive_birth(desk)
        expect(desk.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ CAMPHA-TT-250701-")
        code = desk.locator(".dossier-code").inner_text()
        expect(desk.locator(".print-actions")).to_contain_text("Phiếu kiểm soát quá trình (Mẫu 06)")
        receipt = desk.locator(".print-actions").get_by_role("link", name=re.compile("Mẫu 01")).get_attribute("href")
        text = pdf_text(desk, receipt)
        assert "Thông tư số 03/2025/TT-VPCP" in text and code in text
        desk.screenshot(path=str(output_dir / "across_2025_new_center.png"), full_page=True)
        act(desk, "transfer", "Chuyển xử lý")
        ward.goto(live_server_url(ward) + f"/can-bo/ho-so/{code}/")
        act(ward, "transfer", "Chuyển xử lý")
        chairman.goto(live_server_url(chairman) + f"/can-bo/ho-so/{code}/")
        act(chairman, "approve", "Phê duyệt")

        # Both results come back to the new center, which returns them.
        for each in (old.code, code):
            desk.goto(live_server_url(desk) + f"/can-bo/ho-so/{each}/")
            act(desk, "resolve", "Nhận kết quả tại một cửa", result(f"{each[-4:]}/KQ"))
            act(desk, "return_result", "Trả kết quả")
            expect(desk.locator("[data-status]")).to_have_text("Đã trả kết quả")
        desk.goto(live_server_url(desk) + f"/can-bo/ho-so/{old.code}/")
        sheet = desk.locator(".print-actions").get_by_role("link", name=re.compile("Mẫu 05")).get_attribute("href")
        text = pdf_text(desk, sheet)
        assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH" in text and "03/2025" not in text and "Phường Cẩm Phả" in text
        desk.screenshot(path=str(output_dir / "across_2025_old_returned.png"), full_page=True)

    old.refresh_from_db()
    assert (old.due_at, old.reception_unit.code, old.code.startswith("CP-CTR-MC-250630-")) == (due, "CP-CTR-MC", True)
