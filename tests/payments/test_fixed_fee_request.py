"""The desk asks a procedure's published fee when it is a fixed amount per dossier, no other amount."""
import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import fixed_fee
from motcua.common.errors import ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, Status

from .conftest import APPLICANT, BUILDING_PERMIT, FEE, act, receive

MARITAL = "1.004873.000.00.00.H49"  # "Theo nghị quyết của HĐND tỉnh": no amount published
BIRTH = "1.001193.000.00.00.H49"  # free when registered on time: no fixed fee
COPY = "2.000635.000.00.00.H49"  # 8.000 đồng per copy


def test_what_counts_as_a_fixed_fee(city):
    fee_of = {code: fixed_fee(Procedure.objects.get(code=code).current_version) for code in (BUILDING_PERMIT, MARITAL, BIRTH, COPY)}
    assert fee_of == {BUILDING_PERMIT: FEE, MARITAL: None, BIRTH: None, COPY: None}


def test_another_amount_than_the_fixed_fee_is_refused_in_vietnamese(city):
    d = receive(city, "congdan.demo", channel="online", applicant=APPLICANT)
    events = DossierEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.transition(d, "request_payment", actor=city["tiepnhan.hcc"], expected_version=d.version,
                            data={"amount": 50000})
    assert refused.value.field == "amount"
    assert refused.value.detail == (
        "Số tiền yêu cầu (50.000 đồng) khác mức phí, lệ phí đã công bố của thủ tục (75.000 đồng)."
    )
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED and DossierEvent.objects.count() == events
    assert act(city, d, "tiepnhan.hcc", "request_payment", data={"amount": FEE}).status == Status.AWAITING_PAYMENT

