"""Our statuses in the portal's list: an online submission is "Mới đăng ký"; a fee asked for before receipt
"Yêu cầu thực hiện nghĩa vụ tài chính"; a refusal at the counter "Không được tiếp nhận"; a refusal during
processing ends the handling with a written answer ("Đã xử lý xong", then "Đã trả kết quả" when handed
over); a withdrawal "Công dân yêu cầu rút hồ sơ". A citizen's draft is not the portal's business."""
from motcua.dossiers import services as dossier_services
from motcua.nationalportal.models import PortalPush
from tests.dossiers.conftest import MARITAL
from tests.factories import UserFactory

from .conftest import act, local, receive


def codes(d) -> list[str]:
    return list(PortalPush.objects.filter(dossier=d).order_by("sequence").values_list("status_code", flat=True))


def test_refused_at_the_counter_is_not_received(city, portal):
    d = receive(city, refusal_reason="Không thuộc thẩm quyền", at=local(2024, 11, 25, 9, 0))
    (push,) = PortalPush.objects.filter(dossier=d)
    assert push.status_code == "3" and push.payload["LyDo"] == "Không thuộc thẩm quyền"
    assert push.payload["MaHoSo"] == ""  # nothing received, no code
    assert push.payload["VanBanThongBao"].startswith("Mẫu số 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ")


def test_refused_during_processing_then_handed_over(city, portal):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "truongphong.qldt", "refuse", note="Không phù hợp quy hoạch", at=local(2024, 11, 26, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"}, at=local(2024, 11, 27, 9, 0))
    assert codes(d) == ["2", "4", "9", "10"]
    refusal = PortalPush.objects.get(dossier=d, sequence=3).payload
    assert refusal["KetQua"]["Loai"] == "tu_choi" and refusal["LyDo"] == "Không phù hợp quy hoạch"
    assert refusal["VanBanThongBao"] == "Thông báo về việc không giải quyết hồ sơ"


def test_online_submission_payment_and_withdrawal(city, portal):
    from motcua.accounts.models import Role

    citizen = UserFactory(role=Role.CITIZEN)
    draft = dossier_services.create_draft(
        actor=citizen, procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant={"name": "Trần Thị Bình"}
    )
    assert codes(draft) == []  # the draft is the citizen's own
    d = dossier_services.transition(draft, "submit", actor=citizen, expected_version=draft.version)
    city[citizen.username] = citizen
    d = act(city, d, "tiepnhan.camtrung", "request_payment", data={"amount": 30000})
    d = act(city, d, citizen.username, "withdraw")
    assert codes(d) == ["1", "6", "7"]
    assert PortalPush.objects.get(dossier=d, sequence=1).payload["KenhThucHien"] == "2"
