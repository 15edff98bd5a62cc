"""A result back at the desk is a result, not "Đang xử lý": it waits under "Chờ trả kết quả", the desk takes
it in with its number, date and file, and once returned no step is still "đang thực hiện" (issue 8, items
1, 2 and 7)."""
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier

from .conftest import act, local, receive

HOUSEHOLD_BUSINESS = "1.001612.000.00.00.H49"  # CP-HCC → CP-TCKH specialist → CP-TCKH head → CP-HCC
PDF = b"%PDF-1.7\n%giay chung nhan\n"


def _codes(response):
    return [d.code for d in response.context["dossiers"]]


def _counts(response):
    return {t.slug: n for t, n in response.context["tabs"]}


def _approved(city):
    d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC")
    d = act(city, d, "tiepnhan.hcc", "transfer")
    d = act(city, d, "chuyenvien.tckh", "transfer", note="Đủ điều kiện")
    return act(city, d, "truongphong.tckh", "approve")


def test_right_after_receipt_the_desk_is_not_offered_to_take_in_a_result(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city, "tiepnhan.hcc", HOUSEHOLD_BUSINESS, "CP-HCC")
        page = client_as("tiepnhan.hcc").get(f"/can-bo/ho-so/{d.code}/")
    assert "resolve" not in [f.action for f in page.context["forms"]]
    assert "Nhận kết quả tại một cửa" not in page.content.decode()


def test_an_approved_result_waits_under_cho_tra_ket_qua_not_dang_xu_ly(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = _approved(city)
        desk = client_as("tiepnhan.hcc")
        waiting = desk.get("/can-bo/?tab=cho-tra-ket-qua")
        assert _codes(waiting) == [d.code]
        assert _counts(waiting)["cho-tra-ket-qua"] == 1 and _counts(waiting)["dang-xu-ly"] == 0
        assert "Kết quả đã về bộ phận một cửa" in waiting.content.decode()
        page = desk.get(f"/can-bo/ho-so/{d.code}/").content.decode()
        assert "Kết quả đã về bộ phận một cửa" in page and 'data-result-at-desk="1"' in page


def test_the_desk_takes_in_the_result_with_its_number_date_and_file_and_shows_them(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = _approved(city)
        desk = client_as("tiepnhan.hcc")
        form = next(f for f in desk.get(f"/can-bo/ho-so/{d.code}/").context["forms"] if f.action == "resolve")
        assert {"result_number", "result_date", "result_files"} <= set(form.fields)
        missing = desk.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "resolve", "resolve-version": d.version, "resolve-result_kind": "approved",
            "resolve-result_date": "2024-11-25"})
        assert missing.status_code == 400 and "Cần số của kết quả." in missing.content.decode()
        r = desk.post(f"/can-bo/ho-so/{d.code}/thao-tac/", {
            "action": "resolve", "resolve-version": d.version, "resolve-result_kind": "approved",
            "resolve-result_number": "22.A.000123", "resolve-result_date": "2024-11-25",
            "resolve-result_files": SimpleUploadedFile("gcn-hkd.pdf", PDF, "application/pdf")})
        assert r.status_code == 302
        d = Dossier.objects.get(pk=d.pk)
        assert (d.status, d.result_number, str(d.result_date)) == ("resolved", "22.A.000123", "2024-11-25")
        page = desk.get(f"/can-bo/ho-so/{d.code}/")
        html = page.content.decode()
        assert "22.A.000123" in html and "25/11/2024" in html and "gcn-hkd.pdf" in html
        (result_file,) = page.context["result_files"]
        download = desk.get(f"/can-bo/ho-so/{d.code}/tep/{result_file.pk}/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert _codes(desk.get("/can-bo/?tab=cho-tra-ket-qua")) == [d.code]


def test_once_returned_every_step_is_done_and_none_in_progress(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = _approved(city)
        d = act(city, d, "tiepnhan.hcc", "resolve")
        desk = client_as("tiepnhan.hcc")
        resolved = desk.get(f"/can-bo/ho-so/{d.code}/")
        assert [s["done"] for s in resolved.context["steps"]] == [True, True, True, False]
        assert [s["current"] for s in resolved.context["steps"]] == [False, False, False, True]  # handing it out
        act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"})
        page = desk.get(f"/can-bo/ho-so/{d.code}/")
    assert [s["done"] for s in page.context["steps"]] == [True, True, True, True]
    assert not any(s["current"] for s in page.context["steps"])
    assert "(đang thực hiện)" not in page.content.decode()
    assert Dossier.objects.get(pk=d.pk).current_step is None
