"""Slips issued at the counter when nothing is received: Mẫu 02 for an incomplete dossier, Mẫu 03 for an
ineligible one — recorded with the applicant, procedure and officer, numbered, counted, printed."""
from datetime import date

import pytest

from motcua.common.errors import NotAllowed, ValidationFailed
from motcua.forms.models import IntakeSlip
from motcua.forms.rendering import render_intake_slip
from motcua.forms.selectors import intake_slip_counts
from motcua.forms.services import issue_intake_slip
from motcua.units.models import Unit
from tests.dossiers.conftest import counts

from .conftest import APPLICANT, BUILDING_PERMIT, local
from .test_forms_pdf import HEADING, page_one_png, pdf_text
from .test_paper_and_signers import A5, page_sizes


def issue(city, kind, username="tiepnhan.hcc", unit="CP-HCC", procedure=BUILDING_PERMIT, **kw):
    return issue_intake_slip(
        actor=city[username], kind=kind, procedure_code=procedure, unit_code=unit,
        applicant=kw.pop("applicant", APPLICANT), **kw,
    )


def test_incomplete_dossier_gets_a_numbered_mau02_listing_every_missing_document_and_nothing_is_received(city):
    before = counts()
    slip, replayed = issue(city, "supplement", checklist={}, reasons="Thiếu giấy tờ", at=local(2024, 11, 25, 9, 0))
    assert not replayed
    assert counts() == before  # no dossier, no event, no code
    assert slip.number == "0001/HDHS" and slip.unit.code == "CP-HCC" and slip.officer == city["tiepnhan.hcc"]
    assert slip.applicant_name == "Nguyễn Thị Hằng Nga" and slip.procedure.code == BUILDING_PERMIT
    names = [m["name"] for m in slip.missing]
    assert "Đơn đề nghị cấp giấy phép xây dựng (theo mẫu)" in names and len(names) == 3
    pdf = render_intake_slip(slip)
    assert page_sizes(pdf) == {A5}
    text = pdf_text(pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and HEADING[0] in text
    assert "Số: 0001/HDHS" in text and "Nguyễn Thị Hằng Nga" in text
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in text
    for name in names:
        assert name in text
    assert f"NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) {city['tiepnhan.hcc'].full_name}" in text


def test_ineligible_dossier_gets_a_mau03_with_its_reasons(city):
    slip, _ = issue(city, "refusal", reasons="Thửa đất thuộc quy hoạch giao thông\nKhông thuộc thẩm quyền cấp phép")
    assert slip.number == "0001/TCHS" and slip.reason_lines == ["Thửa đất thuộc quy hoạch giao thông", "Không thuộc thẩm quyền cấp phép"]
    pdf = render_intake_slip(slip)
    page_one_png(pdf, "intake-slip-mau03")
    assert page_sizes(pdf) == {A5}
    text = pdf_text(pdf)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Số: 0001/TCHS" in text
    assert "1. Thửa đất thuộc quy hoạch giao thông" in text and "2. Không thuộc thẩm quyền cấp phép" in text
    assert city["tiepnhan.hcc"].full_name in text


def test_slips_are_numbered_per_unit_kind_and_year(city):
    assert issue(city, "refusal", reasons="a")[0].number == "0001/TCHS"
    assert issue(city, "refusal", reasons="b")[0].number == "0002/TCHS"
    assert issue(city, "supplement", missing=["Bản vẽ"])[0].number == "0001/HDHS"
    other = issue(city, "refusal", "tiepnhan.camtrung", "CP-CTR-MC", "1.004873.000.00.00.H49", reasons="c")[0]
    assert other.number == "0001/TCHS"


def test_the_same_form_sent_twice_gives_the_first_slip_back(city):
    first, _ = issue(city, "refusal", reasons="Không đủ điều kiện", idempotency_key="k1")
    again, replayed = issue(city, "refusal", reasons="Không đủ điều kiện", idempotency_key="k1")
    assert replayed and again.pk == first.pk and IntakeSlip.objects.count() == 1


@pytest.mark.parametrize("kind, kw, field", [
    ("refusal", {"reasons": "  "}, "reasons"),
    ("supplement", {"checklist": None, "missing": []}, "reasons"),
    ("other", {"reasons": "x"}, "kind"),
    ("refusal", {"reasons": "x", "applicant": {"name": ""}}, "applicant.name"),
    ("refusal", {"reasons": "x", "procedure": "0.000000"}, "procedure"),
])
def test_invalid_slips_write_nothing(city, kind, kw, field):
    with pytest.raises(ValidationFailed) as caught:
        issue(city, kind, **kw)
    assert caught.value.field == field and IntakeSlip.objects.count() == 0


def test_a_complete_checklist_is_received_not_guided(city):
    from motcua.catalog.models import Procedure

    docs = Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.all()
    complete = {str(d.pk): {"present": True, "originals": d.originals, "copies": d.copies} for d in docs}
    with pytest.raises(ValidationFailed, match="đã đủ thành phần"):
        issue(city, "supplement", checklist=complete)
    slip, _ = issue(city, "supplement", checklist=complete, reasons="Tờ khai ghi sai diện tích xây dựng")
    assert slip.missing == [] and "Tờ khai ghi sai diện tích xây dựng" in pdf_text(render_intake_slip(slip))


def test_only_a_counter_officer_of_the_unit_issues_slips(city):
    for username, unit in (("chuyenvien.qldt", "CP-HCC"), ("tiepnhan.camtrung", "CP-HCC"), ("congdan.demo", "CP-HCC")):
        with pytest.raises(NotAllowed):
            issue(city, "refusal", username, unit, reasons="x")
    assert IntakeSlip.objects.count() == 0


def test_slips_are_counted_per_unit_and_period(city):
    issue(city, "supplement", missing=["Bản vẽ"], at=local(2024, 11, 25, 9, 0))
    issue(city, "supplement", missing=["Bản vẽ"], at=local(2024, 11, 30, 16, 0))
    issue(city, "refusal", reasons="x", at=local(2024, 11, 26, 9, 0))
    issue(city, "refusal", reasons="x", at=local(2024, 12, 1, 0, 30))  # next month, local time
    issue(city, "refusal", "tiepnhan.camtrung", "CP-CTR-MC", "1.004873.000.00.00.H49", reasons="y", at=local(2024, 11, 27, 9, 0))
    hcc = Unit.objects.get(code="CP-HCC")
    november = (date(2024, 11, 1), date(2024, 11, 30))
    assert intake_slip_counts(hcc, *november) == {"supplement": 2, "refusal": 1, "total": 3}
    assert intake_slip_counts(Unit.objects.get(code="CP-CTR-MC"), *november) == {"supplement": 0, "refusal": 1, "total": 1}
    assert intake_slip_counts(hcc, date(2024, 12, 1), date(2024, 12, 31))["refusal"] == 1
    top = Unit.objects.get(code="CP")
    assert intake_slip_counts(top, *november)["total"] == 4  # the city and every unit under it
