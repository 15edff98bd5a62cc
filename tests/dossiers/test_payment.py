"""Chờ nộp phí, lệ phí: an online submission whose fee is due before receipt; the clock starts at receipt."""
import pytest
import time_machine

from motcua.common.errors import NotAllowed, NotFound, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, Status
from motcua.notify.models import Outbox

from .conftest import APPLICANT, act, local, receive


def submitted(city):
    with time_machine.travel(local(2024, 11, 25, 8, 0), tick=False):
        return receive(city, "congdan.demo", channel="online", applicant={**APPLICANT, "email": "binh@example.vn"})


def at(*hm):
    return time_machine.travel(local(2024, 11, 25, *hm), tick=False)


def test_fee_requested_paid_then_received(city):
    d = submitted(city)
    with at(9, 0):
        d = act(city, d, "tiepnhan.hcc", "request_payment", data={"amount": 75000})
    assert d.status == Status.AWAITING_PAYMENT and d.code is None and d.due_at is None
    mail = Outbox.objects.get(dossier=d, kind="payment_needed", channel="email")
    assert "75.000 đồng" in mail.body
    with at(9, 30):
        d = act(city, d, "congdan.demo", "pay", data={"reference": "VNPAY-20241125-001"})
    assert d.status == Status.SUBMITTED
    assert d.events.latest("id").data["reference"] == "VNPAY-20241125-001"
    with at(10, 0):
        d = act(city, d, "tiepnhan.hcc", "receive")
    assert d.status == Status.RECEIVED and d.received_at == local(2024, 11, 25, 10, 0)
    assert d.due_at == local(2024, 12, 16, 10, 0)  # counted from receipt, not from submission


@pytest.mark.parametrize("amount", [0, -5, "75000", None, True])
def test_a_bad_amount_is_refused_and_nothing_written(city, amount):
    d = submitted(city)
    events = DossierEvent.objects.count()
    with pytest.raises(ValidationFailed):
        services.transition(
            d, "request_payment", actor=city["tiepnhan.hcc"], expected_version=d.version, data={"amount": amount}
        )
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED and DossierEvent.objects.count() == events


def test_payment_needs_a_reference(city):
    d = submitted(city)
    with at(9, 0):
        d = act(city, d, "tiepnhan.hcc", "request_payment", data={"amount": 75000})
    with pytest.raises(ValidationFailed):
        services.transition(d, "pay", actor=city["congdan.demo"], expected_version=d.version, data={})


def test_only_the_reception_desk_requests_a_fee(city):
    d = submitted(city)
    with pytest.raises(NotAllowed):  # the applicant sees the dossier but may not set a fee
        services.transition(
            d, "request_payment", actor=city["congdan.demo"], expected_version=d.version, data={"amount": 1}
        )
    with pytest.raises(NotFound):  # a department does not see a dossier not yet received
        services.transition(
            d, "request_payment", actor=city["chuyenvien.qldt"], expected_version=d.version, data={"amount": 1}
        )


def test_the_desk_still_sees_dossiers_awaiting_payment_in_its_intake_list(city):
    from motcua.dossiers.selectors import worklist_counts

    d = submitted(city)
    with at(9, 0):
        act(city, d, "tiepnhan.hcc", "request_payment", data={"amount": 75000})
    assert worklist_counts(city["tiepnhan.hcc"])["cho-tiep-nhan"] == 1
