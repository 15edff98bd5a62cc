"""The browser's return from the gateway shows the order's state; it never changes it: without the IPN the
page says the payment awaits confirmation and the dossier still awaits payment."""
from urllib.parse import urlencode

from motcua.dossiers.models import Status
from motcua.payments.services import handle_ipn

from .conftest import awaiting, ipn_params, order_for, state


def test_return_without_ipn_waits_and_changes_nothing(city, client):
    d = awaiting(city)
    order = order_for(d)
    before = state(d)
    client.force_login(city["congdan.demo"])
    page = client.get("/thanh-toan/ket-qua/?" + urlencode(ipn_params(order.order_ref)))
    assert page.status_code == 200
    assert "đang chờ xác nhận" in page.content.decode()
    assert state(d) == before and before[0] == Status.AWAITING_PAYMENT


def test_return_after_ipn_shows_success_and_receipt(city, client):
    d = awaiting(city)
    order = order_for(d)
    params = ipn_params(order.order_ref)
    handle_ipn(params)
    client.force_login(city["congdan.demo"])
    text = client.get("/thanh-toan/ket-qua/?" + urlencode(params)).content.decode()
    assert "Thanh toán thành công 75.000" in text and f"/thanh-toan/bien-lai/{order.order_ref}/" in text


def test_a_forged_return_is_not_read(city, client):
    d = awaiting(city)
    order = order_for(d)
    client.force_login(city["congdan.demo"])
    page = client.get("/thanh-toan/ket-qua/?" + urlencode(ipn_params(order.order_ref, secret="forged")))
    assert page.status_code == 400 and "không hợp lệ" in page.content.decode()
