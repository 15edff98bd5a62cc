"""The notice by the dossier's regimes, chosen by its receipt instant: the one-stop regime names the form that
carries the notice (Decree 61/2018 with Circular 01/2018; Decree 118/2025 with Circular 03/2025, whose
apology asks for an extension and which alone has a notice of stopping), and a dossier received under
Decree 224/2026 has its notices name the officer and the instants of processing and return."""
from datetime import timedelta

from motcua.nationalportal.models import PortalPush
from motcua.nationalportal.payload import when

from .conftest import act, local, receive


def notices(d) -> dict[str, dict]:
    return {p.event.action: p.payload for p in PortalPush.objects.filter(dossier=d).select_related("event")}


def apology_then_stop(city, at):
    d = receive(city, at=at)
    d = act(city, d, "tiepnhan.hcc", "transfer", at=at + timedelta(hours=1))
    d = act(city, d, "truongphong.qldt", "apologize", note="Cần xác minh hiện trạng công trình",
            data={"new_appointment_at": (d.due_at + timedelta(days=7)).isoformat()}, at=at + timedelta(days=1))
    return act(city, d, "truongphong.qldt", "stop", note="Theo đơn đề nghị dừng giải quyết của người nộp",
               at=at + timedelta(days=2))


def test_a_dossier_of_decree_61_2018(city, portal):
    d = apology_then_stop(city, local(2024, 11, 25, 9, 0))
    n = notices(d)
    assert {p["CheDoMotCua"] for p in n.values()} == {"nd61-2018"}
    assert {p["CheDoThongBao"] for p in n.values()} == {"nd42-2022"}
    apology = n["apologize"]
    assert apology["VanBanThongBao"] == (
        "Mẫu số 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả (Thông tư số 01/2018/TT-VPCP)"
    )
    assert apology["LyDo"] == "Cần xác minh hiện trạng công trình"
    assert apology["TrangThaiHoSo"] == "4"  # the status stands; the appointment moves
    assert apology["NgayHenTra"] == when(d.new_appointment_at) == when(d.due_at + timedelta(days=7))
    assert apology["NgayHenTraBanDau"] == when(d.due_at)
    stop = n["stop"]
    assert (stop["TrangThaiHoSo"], stop["TenTrangThaiHoSo"]) == ("8", "Dừng xử lý")
    assert stop["LyDo"] == "Theo đơn đề nghị dừng giải quyết của người nộp"
    assert stop["VanBanThongBao"] is None  # Circular 01/2018 has no notice of stopping
    for p in n.values():  # the handling's details of Decree 224/2026 are not part of these notices
        assert "CanBoXuLy" not in p and "ThoiDiemBatDauXuLy" not in p


def test_a_dossier_of_decree_118_2025(city, portal):
    d = apology_then_stop(city, local(2025, 8, 4, 9, 0))
    n = notices(d)
    assert {p["CheDoMotCua"] for p in n.values()} == {"nd118-2025"}
    assert n["receive"]["VanBanThongBao"] == (
        "Mẫu số 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Thông tư số 03/2025/TT-VPCP)"
    )
    assert n["apologize"]["VanBanThongBao"] == (
        "Mẫu số 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Thông tư số 03/2025/TT-VPCP)"
    )
    assert n["stop"]["VanBanThongBao"] == "Mẫu số 05 Thông báo dừng giải quyết hồ sơ (Thông tư số 03/2025/TT-VPCP)"
    assert "CanBoXuLy" not in n["receive"]


def test_a_dossier_received_under_decree_224_2026_names_officer_and_instants(city, portal):
    at = local(2026, 7, 1, 9, 0)
    d = receive(city, at=at)
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2026, 7, 1, 10, 0))
    for user, action in [("chuyenvien.qldt", "transfer"), ("truongphong.qldt", "approve"), ("lanhdao.cp", "approve"),
                         ("tiepnhan.hcc", "resolve")]:
        d = act(city, d, user, action, at=local(2026, 7, 3, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"}, at=local(2026, 7, 3, 10, 0))
    n = notices(d)
    assert {p["CheDoThongBao"] for p in n.values()} == {"nd224-2026"}
    receipt = n["receive"]
    assert receipt["CanBoXuLy"] == city["tiepnhan.hcc"].full_name
    assert receipt["ThoiDiemBatDauXuLy"] == "20260701090000" and receipt["ThoiDiemTraKetQua"] is None
    transfer = PortalPush.objects.get(dossier=d, sequence=2).payload
    assert transfer["DonViXuLy"]["Ma"] in ("CP-QLDT", d.events.filter(action="transfer").first().to_unit.agency_identifier)
    assert transfer["ThoiDiemBatDauXuLy"] == "20260701100000"
    returned = n["return_result"]
    assert (returned["TrangThaiHoSo"], returned["ThoiDiemTraKetQua"], returned["NgayTra"]) == (
        "10", "20260703100000", "20260703100000"
    )
