"""Issue 8 item 13 in the browser: the ward leader issues the apology with a new appointment (Mẫu 04) from
the draft the deadline watch prepared, once; a second one is refused with a clear Vietnamese message.
Screenshot: test-output/browser/dossier_apology_once.png."""
import pytest
import time_machine
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.notify.services import draft_apologies

from .journeys import act, local, open_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARITAL = "1.004873.000.00.00.H49"  # ward, 3 working days
SECOND = (
    "Hồ sơ đã có phiếu xin lỗi và hẹn lại ngày trả kết quả (hẹn lại 17:00 02/12/2024); "
    "theo Nghị định 61/2018, Điều 19 khoản 9, chỉ được hẹn lại một lần."
)
# A second apology posted as the apologize form would post it (the page no longer offers one).
POST_AGAIN = """([url, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def test_apology_once_from_the_draft_and_a_second_refused(demo_city, open_as, output_dir, settings):
    # The server runs in November 2024: cookies must not carry (past) expiry dates the real browser drops.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    users = demo_city
    with time_machine.travel(local(2024, 11, 26, 10, 0), tick=True):  # Tuesday
        d = services.receive_dossier(
            actor=users["tiepnhan.camtrung"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="counter",
            applicant={"name": "Vũ Thị Hoa"}, received_at=local(2024, 11, 25, 9, 0),
        ).dossier
        d = services.transition(d.code, "transfer", actor=users["tiepnhan.camtrung"], expected_version=d.version,
                                at=local(2024, 11, 25, 10, 0))
        assert d.due_at == local(2024, 11, 28, 9, 0)
        assert draft_apologies(now=local(2024, 11, 26, 9, 30)) == 1  # the apology is due Wednesday 09:00
        code = d.code

        leader = open_as("lanhdao.camtrung")
        leader.goto(f"{leader.url}ho-so/{code}/")
        expect(leader.locator("[data-field=apology-due]")).to_contain_text("09:00 27/11/2024")
        box = open_action(leader, "apologize")
        reason = box.get_by_label("Lý do chậm trả kết quả")
        expect(reason).to_have_value("Phường Cẩm Trung chưa hoàn thành việc thẩm định, giải quyết hồ sơ.")
        expect(box.get_by_label("Ngày giờ hẹn trả kết quả mới")).to_have_value("2024-12-03T09:00")

        def correct(box):
            reason.fill("Cần xác minh thêm thông tin cư trú")
            box.get_by_label("Ngày giờ hẹn trả kết quả mới").fill("2024-12-02T17:00")

        act(leader, "apologize", "Xin lỗi và hẹn lại", correct)
        expect(leader.locator(".dossier-main")).to_contain_text("17:00 02/12/2024 — Cần xác minh thêm thông tin cư trú")
        expect(leader.locator("#action-apologize")).to_have_count(0)  # once only: no longer offered
        expect(leader.locator("[data-field=apology-due]")).to_have_count(0)

        d.refresh_from_db()
        csrf = leader.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
        leader.evaluate(POST_AGAIN, [f"/can-bo/ho-so/{code}/thao-tac/", {
            "csrfmiddlewaretoken": csrf, "action": "apologize", "apologize-version": str(d.version),
            "apologize-note": "Lần hai", "apologize-new_appointment_at": "2024-12-05T17:00",
        }])
        expect(leader.locator("#action-error")).to_have_text(SECOND)
        leader.screenshot(path=str(output_dir / "dossier_apology_once.png"), full_page=True)
    d = Dossier.objects.get(code=code)
    assert d.new_appointment_at == local(2024, 12, 2, 17, 0)
    assert list(d.events.values_list("action", flat=True)) == ["receive", "transfer", "apologize"]
