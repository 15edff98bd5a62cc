"""The print buttons and print URLs of a dossier follow its own regime (docs/decisions/0020-regimes.md): a
dossier received on 30/06/2025 offers the forms of Circular 01/2018 (control sheet = Mẫu 05), one received
on 01/07/2025 those of Circular 03/2025 (control sheet = Mẫu 06, notice of stopping = Mẫu 05)."""
import subprocess

import time_machine

from .conftest import act, local, receive


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def test_print_buttons_and_urls_use_the_numbers_of_the_dossiers_regime(city, client_as):
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        old = receive(city, at=local(2025, 6, 30, 9, 0))
        new = receive(city, at=local(2025, 7, 1, 9, 0))
        client = client_as("tiepnhan.hcc")
        assert client.get(f"/can-bo/ho-so/{old.code}/").context["print_forms"] == {
            "01": "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)", "05": "Phiếu kiểm soát quá trình (Mẫu 05)",
        }
        page = client.get(f"/can-bo/ho-so/{new.code}/")
        assert page.context["print_forms"] == {
            "01": "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)", "06": "Phiếu kiểm soát quá trình (Mẫu 06)",
        }
        assert f'href="/can-bo/ho-so/{new.code}/in/06/"' in page.content.decode()

        r = client.get(f"/can-bo/ho-so/{new.code}/in/06/")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert "Mẫu số 06 — Thông tư số 03/2025/TT-VPCP" in pdf_text(r.content)
        r = client.get(f"/can-bo/ho-so/{old.code}/in/05/")
        assert r.status_code == 200 and "PHIẾU KIỂM SOÁT QUÁ TRÌNH" in pdf_text(r.content)

        # Not stopped: the 2025 notice of stopping is a clear 404, as is the 2018 book number on a dossier.
        r = client.get(f"/can-bo/ho-so/{new.code}/in/05/")
        assert r.status_code == 404 and "Thông báo dừng giải quyết (Mẫu 05)" in r.content.decode()
        assert client.get(f"/can-bo/ho-so/{old.code}/in/06/").status_code == 404
        assert client.get(f"/can-bo/ho-so/{new.code}/in/07/").status_code == 404


def test_a_stopped_2025_dossier_offers_its_notice_of_stopping(city, client_as):
    with time_machine.travel(local(2025, 7, 3, 9, 0), tick=False):
        d = receive(city, at=local(2025, 7, 1, 9, 0))
        d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2025, 7, 1, 10, 0))
        d = act(city, d, "truongphong.qldt", "stop", note="Theo đề nghị của người nộp hồ sơ")
        client = client_as("tiepnhan.hcc")
        assert list(client.get(f"/can-bo/ho-so/{d.code}/").context["print_forms"]) == ["01", "05", "06"]
        r = client.get(f"/can-bo/ho-so/{d.code}/in/05/")
        assert r.status_code == 200 and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in pdf_text(r.content)
