"""When the unit holding a dossier ends (Cẩm Phả, 1 July 2025), the applicant hears that its successor
carries on and that the appointment stands; later notices send them to the desk that exists, not to the
dissolved one (issue 12 item 3)."""
import time_machine

from motcua.demo.services import load_demo_reorganisation_2025
from motcua.notify.models import Outbox
from tests.dossiers.conftest import MARITAL, act, local, receive


def test_the_applicant_is_told_who_carries_on_and_where_to_collect_the_result(city):
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", at=local(2025, 6, 30, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2025, 6, 30, 10, 0))
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        load_demo_reorganisation_2025()
    rows = {r.channel: r for r in Outbox.objects.filter(dossier=d, kind="handed_over")}
    assert set(rows) == {"sms"}  # the applicant left a phone number only
    sms = rows["sms"].body
    assert sms.startswith(f"Hồ sơ {d.code}: Phường Cẩm Trung chấm dứt hoạt động; hồ sơ được bàn giao cho Phường Cẩm Phả")
    assert "Hẹn trả kết quả: 09:00 ngày 03/07/2025." in sms  # the appointment stands

    with time_machine.travel(local(2025, 7, 2, 9, 0), tick=False):
        city["lanhdao.phuongcampha"] = _officer("lanhdao.phuongcampha", "leader", "CAMPHA")
        city["tiepnhan.phuongcampha"] = _officer("tiepnhan.phuongcampha", "counter_officer", "CAMPHA-TT")
        d = act(city, d, "lanhdao.phuongcampha", "approve")
        d = act(city, d, "tiepnhan.phuongcampha", "resolve", data={"result_number": "7/XNHN"})
    ready = Outbox.objects.get(dossier=d, kind="result_ready", channel="sms").body
    assert "nhận kết quả tại Trung tâm Phục vụ hành chính công phường Cẩm Phả" in ready
    assert "Cẩm Trung" not in ready


def test_an_opinion_moved_alone_sends_the_applicant_nothing(city):
    d = receive(city, at=local(2025, 6, 27, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2025, 6, 27, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "consult", data={"units": ["CP-CTR"], "due_days": 5}, at=local(2025, 6, 27, 14, 0))
    # Only the ward ends here (its city stays, so the dossier's holder does not change).
    from motcua.demo.services import load_demo_units_2025
    from motcua.units.models import Unit
    from motcua.units.services import dissolve_into

    load_demo_units_2025()
    with time_machine.travel(local(2025, 7, 1, 7, 0), tick=False):
        dissolve_into(Unit.objects.get(code="CP-CTR"), Unit.objects.get(code="CAMPHA"), local(2025, 7, 1, 0, 0).date(),
                      actor=city["admin"])
    assert not Outbox.objects.filter(dossier=d, kind="handed_over").exists()


def _officer(username, role, unit_code):
    from motcua.units.models import Unit
    from tests.factories import UserFactory

    return UserFactory(username=username, role=role, unit=Unit.objects.get(code=unit_code))
