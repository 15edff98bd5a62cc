"""A citizen submits online in the browser, the ward desk receives it in its own browser, and the citizen
follows it with its code. Screenshots: test-output/browser/citizen_submit.png and citizen_dossier.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Attachment, Dossier

from .journeys import PDF, act, sign_in, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days, online


def test_online_submission_received_by_the_ward_desk(demo_city, browser, live_server, open_as, output_dir):
    documents = list(Procedure.objects.get(code=MARITAL).current_version.documents.all())
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")  # a phone
    citizen = context.new_page()
    citizen.goto(f"{live_server.url}/thu-tuc/{MARITAL}/")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(citizen).to_have_url(re.compile(r"/dang-nhap/\?next="))
    sign_in(citizen, "congdan.demo")
    expect(citizen.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()

    citizen.get_by_label("Nơi nộp hồ sơ").select_option(label="Bộ phận Một cửa phường Cẩm Trung")
    citizen.get_by_label("Họ và tên người nộp / tổ chức").fill("Trần Thị Bình")
    # Sending without the scans is refused in Vietnamese and writes nothing.
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen.locator(".alert-error")).to_contain_text("Vui lòng kiểm tra lại")
    expect(citizen.locator("p.error").first).to_contain_text("Cần tải lên bản quét")
    assert Dossier.objects.count() == 0
    for doc in documents:
        citizen.locator(f"#id_doc_{doc.pk}_file").set_input_files(
            files=[{"name": f"giay-to-{doc.pk}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    citizen.screenshot(path=str(output_dir / "citizen_submit.png"), full_page=True)
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen.locator(".alert-success")).to_contain_text("Đã nộp hồ sơ trực tuyến")
    expect(citizen.locator("[data-field=status]")).to_have_text("Chờ tiếp nhận")
    d = Dossier.objects.get()
    assert Attachment.objects.filter(dossier=d).count() == len(documents)

    desk = open_as("tiepnhan.camtrung")
    to_worklist(desk, "cho-tiep-nhan")
    desk.locator("#worklist").get_by_role("link", name="(chưa có mã)").first.click()
    expect(desk.locator(".dossier-code")).to_have_text("(chưa có mã)")
    # Issue 8 item 8: the scans show against their documents, the due instant receipt would give is shown,
    # and receiving is a checklist with the scanned documents ticked.
    for doc in documents:
        expect(desk.locator(f"tr[data-document='{doc.pk}']")).to_contain_text(f"bản quét: giay-to-{doc.pk}.pdf")
        expect(desk.locator(f"tr[data-document='{doc.pk}']")).not_to_contain_text("chưa có")
    expect(desk.locator("[data-field=prospective-due]")).to_contain_text("Nếu tiếp nhận lúc")
    expect(desk.locator("[data-field=due]")).not_to_contain_text("Không quy định")
    box = desk.locator("#action-receive")
    for doc in documents:
        expect(box.locator(f"input[name='receive-documents'][value='{doc.pk}']")).to_be_checked()
    act(desk, "receive", "Tiếp nhận hồ sơ")
    d.refresh_from_db()
    assert d.status == "received" and d.code.startswith("CP-CTR-MC-")
    expect(desk.locator(".dossier-code")).to_have_text(d.code)

    citizen.get_by_role("link", name="Hồ sơ của tôi").first.click()
    expect(citizen.locator("#my-dossiers")).to_contain_text(d.code)
    citizen.get_by_role("link", name=d.code).click()
    expect(citizen.locator("[data-field=status]")).to_have_text("Đã tiếp nhận")
    expect(citizen.locator("[data-field=due]")).to_contain_text("/")
    citizen.screenshot(path=str(output_dir / "citizen_dossier.png"), full_page=True)
    context.close()
