"""A form prints only where the dossier's history calls for it: the print buttons and the print URLs obey
one rule (motcua.forms.selectors.applicable_forms); any other form URL answers 404 with a clear page."""
import time_machine

from .conftest import act, local, receive


def test_apology_url_of_a_dossier_without_apology_is_a_clear_404(city, client_as):
    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = receive(city)
        client = client_as("tiepnhan.hcc")
        page = client.get(f"/can-bo/ho-so/{d.code}/")
        assert list(page.context["print_forms"]) == ["01", "05"]
        for kind in ("02", "03", "04", "tb"):
            r = client.get(f"/can-bo/ho-so/{d.code}/in/{kind}/")
            assert r.status_code == 404, kind
            assert r["Content-Type"].startswith("text/html")
            assert "không áp dụng cho hồ sơ" in r.content.decode()
        assert client.get(f"/can-bo/ho-so/{d.code}/in/01/").status_code == 200


def test_refusal_during_processing_offers_the_units_notice_and_not_mau03(city, client_as):
    with time_machine.travel(local(2024, 11, 27, 9, 0), tick=False):
        d = receive(city, at=local(2024, 11, 25, 9, 0))
        d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
        d = act(city, d, "truongphong.qldt", "refuse", note="Không phù hợp quy hoạch")
        client = client_as("tiepnhan.hcc")
        page = client.get(f"/can-bo/ho-so/{d.code}/")
        assert list(page.context["print_forms"]) == ["01", "tb", "05"]
        assert f'href="/can-bo/ho-so/{d.code}/in/tb/"' in page.content.decode()
        assert client.get(f"/can-bo/ho-so/{d.code}/in/03/").status_code == 404
        r = client.get(f"/can-bo/ho-so/{d.code}/in/tb/")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_apology_form_prints_once_an_apology_was_issued(city, client_as):
    with time_machine.travel(local(2024, 11, 27, 16, 0), tick=False):
        d = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
        d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 0))
        client = client_as("tiepnhan.camtrung")
        assert client.get(f"/can-bo/ho-so/{d.code}/in/04/").status_code == 404
        d = act(city, d, "lanhdao.camtrung", "apologize", note="Cần xác minh thêm",
                data={"new_appointment_at": "2024-12-02T17:00:00+07:00"})
        assert "04" in client.get(f"/can-bo/ho-so/{d.code}/").context["print_forms"]
        assert client.get(f"/can-bo/ho-so/{d.code}/in/04/").status_code == 200


def test_a_dossier_not_received_prints_its_slip_by_its_id(city, client_as, monkeypatch):
    """An online submission guided at the desk's check has no code: Mẫu 02 prints by the dossier's id;
    one refused at intake prints Mẫu 03 (and no receipt)."""
    from motcua.dossiers import documents

    monkeypatch.setattr(documents, "_renderer", lambda: lambda kind, dossier: b"%PDF-1.7 fake")
    from motcua.dossiers import services

    d = receive(city, "congdan.demo", "1.004873.000.00.00.H49", "CP-CTR-MC", channel="online")
    assert d.code is None
    services.transition(d, "request_supplement", actor=city["tiepnhan.camtrung"], expected_version=d.version,
                        note="Thiếu tờ khai", data={"missing": ["Tờ khai đăng ký kết hôn"]})
    client = client_as("tiepnhan.camtrung")
    page = client.get(f"/can-bo/ho-so/{d.pk}/")
    assert list(page.context["print_forms"]) == ["02"]
    assert f'href="/can-bo/ho-so/{d.pk}/in/02/"' in page.content.decode()
    assert client.get(f"/can-bo/ho-so/{d.pk}/in/02/").status_code == 200
    assert client.get(f"/can-bo/ho-so/{d.pk}/in/01/").status_code == 404
    refused = receive(city, refusal_reason="Không thuộc thẩm quyền giải quyết")
    desk = client_as("tiepnhan.hcc")
    assert list(desk.get(f"/can-bo/ho-so/{refused.pk}/").context["print_forms"]) == ["03"]
    assert desk.get(f"/can-bo/ho-so/{refused.pk}/in/03/").status_code == 200
