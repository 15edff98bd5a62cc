"""Issue 8 items 3 and 6 in the browser: a specialist passes a permit on and still opens it, read only,
from "Đã xử lý"; a ward specialist passes a dossier to the ward leader from the offered list.
Screenshots go to test-output/browser/dossier_read_only.png and dossier_to_ward_leader.png."""
import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .journeys import act, open_action, open_dossier, to_worklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILDING_PERMIT = "1.009994.000.00.00.H49"
MARITAL = "1.004873.000.00.00.H49"  # ward, no internal process


def _received_and_sent(users, desk, procedure, unit):
    d = services.receive_dossier(
        actor=users[desk], procedure_code=procedure, unit_code=unit, channel="counter", applicant={"name": "Phạm Thị Lan"},
    ).dossier
    return services.transition(d.code, "transfer", actor=users[desk], expected_version=d.version)


def test_the_specialist_passes_the_permit_on_and_still_reads_it(demo_city, open_as, output_dir):
    code = _received_and_sent(demo_city, "tiepnhan.hcc", BUILDING_PERMIT, "CP-HCC").code

    specialist = open_as("chuyenvien.qldt")
    open_dossier(specialist, code)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đủ điều kiện cấp phép"))
    head = open_as("truongphong.qldt")
    open_dossier(head, code)
    act(head, "approve", "Phê duyệt")
    expect(head).to_have_url(re.compile(r"/can-bo/$"))  # handed to the city leader: off the department's work
    assert Dossier.objects.get(code=code).current_unit.code == "CP"

    specialist.reload()
    to_worklist(specialist, "da-xu-ly")
    expect(specialist.locator("#worklist")).to_contain_text(code)
    open_dossier(specialist, code)
    expect(specialist.locator("[data-read-only]")).to_contain_text("Chỉ xem")
    expect(specialist.locator("[data-field=current-unit]")).to_have_text("Thành phố Cẩm Phả")
    expect(specialist.locator("details.action")).to_have_count(0)
    expect(specialist.locator(".timeline")).to_contain_text("Đủ điều kiện cấp phép")
    specialist.screenshot(path=str(output_dir / "dossier_read_only.png"), full_page=True)


def test_the_ward_specialist_passes_the_dossier_to_the_ward_leader(demo_city, open_as, output_dir):
    code = _received_and_sent(demo_city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC").code

    specialist = open_as("chuyenvien.camtrung")
    open_dossier(specialist, code)
    box = open_action(specialist, "transfer")
    units = box.get_by_label("Chuyển đến đơn vị")
    expect(units.locator("option")).to_have_count(2)  # the process (default) or the ward's desk, not 58 units
    expect(units).not_to_contain_text("Phòng Tài chính - Kế hoạch")
    box.get_by_label("Hoặc chuyển cho lãnh đạo trong đơn vị").select_option(
        label="Chủ tịch UBND phường Cẩm Trung (Lãnh đạo UBND)"
    )
    specialist.screenshot(path=str(output_dir / "dossier_to_ward_leader.png"), full_page=True)
    act(specialist, "transfer", "Chuyển xử lý", lambda box: box.get_by_label("Ghi chú").fill("Đủ điều kiện xác nhận"))
    expect(specialist.locator("[data-field=assignee]")).to_have_text("Chủ tịch UBND phường Cẩm Trung")

    leader = open_as("lanhdao.camtrung")
    expect(leader.locator("#worklist")).to_contain_text(code)
    open_dossier(leader, code)
    act(leader, "approve", "Phê duyệt", lambda box: box.get_by_label("Ghi chú").fill("Đồng ý"))
    assert Dossier.objects.get(code=code).current_unit.code == "CP-CTR-MC"  # signed: back at the ward's desk
