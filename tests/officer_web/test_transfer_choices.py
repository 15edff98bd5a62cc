"""The transfer and consult boxes of the dossier page offer grouped, short lists (the process's units,
liên thông units, the unit's head and leaders), and a choice outside them is a Vietnamese error (issue 8
item 6)."""
import time_machine

from motcua.dossiers.models import DossierEvent

from .conftest import BIRTH, BUILDING_PERMIT, act, local, receive


def form_of(page, action):
    return next(f for f in page.context["forms"] if f.action == action)


def test_the_desk_transfer_box_lists_the_process_units_grouped(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, procedure=BUILDING_PERMIT)
        page = client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{d.code}/")
    transfer = form_of(page, "transfer")
    assert transfer.fields["to_unit"].choices == [
        ("", "Theo quy trình (bước tiếp theo)"),
        ("Theo quy trình", [("CP-QLDT", "Phòng Quản lý đô thị"), ("CP", "Thành phố Cẩm Phả")]),
    ]
    assert "to_user" not in transfer.fields  # nobody above the desk officer inside the desk
    html = page.content.decode()
    assert '<optgroup label="Theo quy trình">' in html and "Phòng Tài chính - Kế hoạch" not in html


def test_the_ward_specialist_transfers_to_the_ward_leader_from_the_page(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC")
        d = act(city, d, "tiepnhan.camtrung", "transfer")
        client = client_as("chuyenvien.camtrung")
        page = client.get(f"/can-bo/ho-so/{d.code}/")
        to_user = form_of(page, "transfer").fields["to_user"]
        assert [u.username for u in to_user.queryset] == ["lanhdao.camtrung"]
        assert "Chủ tịch UBND phường Cẩm Trung (Lãnh đạo UBND)" in page.content.decode()
        before = DossierEvent.objects.count()
        r = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "transfer", "transfer-version": d.version, "transfer-to_unit": "CP-TCKH",
        })
        assert r.status_code == 400 and "Đơn vị này không có trong danh sách được chuyển đến." in r.content.decode()
        assert DossierEvent.objects.count() == before
        r = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "transfer", "transfer-version": d.version, "transfer-to_user": "lanhdao.camtrung",
        })
        assert r.status_code == 302
    d.refresh_from_db()
    assert (d.current_unit.code, d.assignee.username) == ("CP-CTR", "lanhdao.camtrung")


def test_the_consult_box_lists_procedure_units_first(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, procedure=BUILDING_PERMIT)
        d = act(city, d, "tiepnhan.hcc", "transfer")
        page = client_as("chuyenvien.qldt").get(f"/can-bo/ho-so/{d.code}/")
    choices = form_of(page, "consult").fields["units"].choices
    assert [label for label, _ in choices][0] == "Đơn vị liên thông, phối hợp theo thủ tục"
    offered = [code for _, group in choices for code, _ in group]
    assert "CP-HCC" not in offered and "CP-QLDT" not in offered and len(offered) < 58
