"""A dossier's life pushes one notice per change, after commit, in order, with the content of a status notice
(code, procedure, receiving unit, portal status, instants, handling unit, reasons, result)."""
from motcua.nationalportal.models import PortalPush
from motcua.nationalportal.payload import when

from .conftest import act, life, local, receive

HCC = "Trung tâm Hành chính công thành phố Cẩm Phả"


def test_each_change_is_pushed_once_in_order_with_its_content(city, portal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(city, at=local(2024, 11, 25, 9, 0))
    # Pushed after the commit, by the task the hook enqueued (immediate backend).
    (first,) = portal.notices
    assert first == {
        **first,
        "MaDongBo": f"motcua-event-{d.events.get().pk}", "SoThuTu": 1, "MaHoSo": d.code,
        "MaTTHC": "1.009994", "MaThuTucCongBo": "1.009994.000.00.00.H49",
        "TenTTHC": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "MaDonViTiepNhan": d.reception_unit.agency_identifier or "CP-HCC", "TenDonViTiepNhan": HCC,
        "KenhThucHien": "1", "TrangThaiHoSo": "2", "TenTrangThaiHoSo": "Được tiếp nhận",
        "ThoiDiemCapNhat": "20241125090000", "NgayTiepNhan": "20241125090000",
        "NgayHenTra": when(d.due_at),
        "DonViXuLy": {"Ma": d.reception_unit.agency_identifier or "CP-HCC", "Ten": HCC},
        "LyDo": None, "KetQua": None, "NgayTra": None,
        "CheDoMotCua": "nd61-2018", "CheDoThongBao": "nd42-2022",
        "VanBanThongBao": "Mẫu số 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Thông tư số 01/2018/TT-VPCP)",
    }
    with django_capture_on_commit_callbacks(execute=True):
        d = life(city, d)
    with django_capture_on_commit_callbacks(execute=True):
        for user, action in [("chuyenvien.qldt", "transfer"), ("truongphong.qldt", "approve"), ("lanhdao.cp", "approve"),
                             ("tiepnhan.hcc", "resolve")]:
            d = act(city, d, user, action, at=local(2024, 12, 2, 9, 0))
        d = act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"}, at=local(2024, 12, 2, 10, 0))

    assert [n["SoThuTu"] for n in portal.notices] == list(range(1, len(portal.notices) + 1))
    assert portal.statuses(d.code) == ["2", "4", "5", "4", "4", "4", "9", "10"]
    assert len(portal.requests) == len(portal.notices)  # none pushed twice
    assert set(PortalPush.objects.values_list("status", "attempts")) == {("sent", 1)}
    by_status = {n["TrangThaiHoSo"]: n for n in portal.notices}
    supplement = by_status["5"]
    assert supplement["LyDo"] == "Bản vẽ chưa đúng tỷ lệ"
    assert supplement["GiayToCanBoSung"] == ["Bản vẽ mặt bằng tỷ lệ 1/100"]
    assert supplement["DonViXuLy"]["Ten"] == d.events.get(action="request_supplement").from_unit.name
    assert supplement["VanBanThongBao"].startswith("Mẫu số 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    resolved = by_status["9"]
    assert resolved["KetQua"] == {"Loai": "giai_quyet", "SoKetQua": "123/GP", "NgayKetQua": "20241202"}
    assert resolved["NgayCoKetQua"] == "20241202090000"
    returned = by_status["10"]
    assert (returned["NgayTra"], returned["HinhThucTra"]) == ("20241202100000", "counter")
