"""Consultation of coordinating units, the online path (draft → submit → receive), withdrawal by the
applicant and refusal during processing — at the service level. Denied actions write no event."""
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import Role
from motcua.common.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, Opinion, UnitHolding
from motcua.dossiers.permissions import visible_dossiers
from motcua.forms.selectors import control_sheet_rows
from tests.factories import UserFactory

from .conftest import APPLICANT, MARITAL, act, counts, local, receive


def actions(d) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=d).order_by("id").values_list("action", flat=True))


def denied(exc, users, d, username, action, **kw):
    """The action is refused with `exc` and nothing is written."""
    before = counts()
    with pytest.raises(exc):
        act(users, d, username, action, **kw)
    assert counts() == before
    d.refresh_from_db()
    return d


@pytest.fixture
def ldtbxh(city):
    return city["chuyenvien.ldtbxh"]  # a demo account of Phòng LĐTBXH


def in_progress_permit(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))  # Monday
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert (d.status, d.current_unit.code) == ("in_progress", "CP-QLDT")
    return d


def test_consult_opinions_each_with_its_own_due_then_back_to_processing(city, ldtbxh):
    d = in_progress_permit(city)
    denied(ValidationFailed, city, d, "chuyenvien.qldt", "consult", data={"units": []})
    denied(ValidationFailed, city, d, "chuyenvien.qldt", "consult", data={"units": ["CP-QLDT"]})  # itself
    denied(ValidationFailed, city, d, "chuyenvien.qldt", "consult", data={"units": ["CP-TCKH"], "due_days": 0})
    denied(NotAllowed, city, d, "tiepnhan.hcc", "consult", data={"units": ["CP-TCKH"]})  # the desk does not hold it

    d = act(city, d, "chuyenvien.qldt", "consult", note="Xin ý kiến về quy hoạch và chính sách",
            data={"units": ["CP-TCKH", "CP-LDTBXH"], "due_days": 2}, at=local(2024, 11, 25, 14, 0))
    assert d.status == "consulting" and d.current_unit.code == "CP-QLDT"
    opinions = {o.unit.code: o for o in Opinion.objects.filter(dossier=d).select_related("unit")}
    assert set(opinions) == {"CP-TCKH", "CP-LDTBXH"}
    for o in opinions.values():  # two working days from Monday 14:00
        assert o.due_at == local(2024, 11, 27, 14, 0) and o.answered_at is None
        assert o.requested_by == city["chuyenvien.qldt"]
    event = DossierEvent.objects.filter(dossier=d).last()
    assert (event.action, event.from_status, event.to_status) == ("consult", "in_progress", "consulting")
    assert event.data == {"units": ["CP-LDTBXH", "CP-TCKH"], "due_days": 2}

    # Only an officer of a consulted unit with its opinion still open may answer.
    denied(NotAllowed, city, d, "chuyenvien.qldt", "give_opinion", note="Không phải đơn vị được hỏi")  # holder: 403
    denied(NotFound, city, d, "chuyenvien.camtrung", "give_opinion", note="Đơn vị khác")  # cannot even see it: 404
    denied(NotAllowed, city, d, "tiepnhan.hcc", "give_opinion", note="Một cửa")  # role not allowed
    denied(ValidationFailed, city, d, "chuyenvien.tckh", "give_opinion", note="  ")  # an opinion needs content
    denied(Conflict, city, d, "chuyenvien.qldt", "transfer")  # processing waits for the opinions

    d = act(city, d, "chuyenvien.tckh", "give_opinion", note="Thống nhất", at=local(2024, 11, 26, 9, 0))
    assert d.status == "consulting"  # one opinion still open
    event = DossierEvent.objects.filter(dossier=d).last()
    assert (event.action, event.actor_id, event.from_status, event.to_status) == (
        "give_opinion", city["chuyenvien.tckh"].pk, "consulting", "consulting")
    assert event.data == {"unit": "CP-TCKH", "late": False} and event.note == "Thống nhất"
    tckh = Opinion.objects.get(dossier=d, unit__code="CP-TCKH")
    assert (tckh.answer, tckh.answered_at, tckh.answered_by) == ("Thống nhất", local(2024, 11, 26, 9, 0), city["chuyenvien.tckh"])
    # The same unit cannot answer twice (its head now sees it as consulted but has nothing open): 403.
    denied(NotAllowed, city, d, "truongphong.tckh", "give_opinion", note="Lần hai")

    d = act(city, d, "chuyenvien.ldtbxh", "give_opinion", note="Đồng ý, bổ sung điều kiện",
            at=local(2024, 11, 28, 9, 0))  # after its due instant (Wednesday 14:00)
    assert d.status == "in_progress" and d.current_unit.code == "CP-QLDT"
    event = DossierEvent.objects.filter(dossier=d).last()
    assert (event.from_status, event.to_status) == ("consulting", "in_progress")
    assert event.data == {"unit": "CP-LDTBXH", "late": True}
    assert not Opinion.objects.filter(dossier=d, answered_at__isnull=True).exists()
    denied(NotAllowed, city, d, "chuyenvien.tckh", "give_opinion", note="Sau khi đã xong")  # nothing open: 403

    d = act(city, d, "chuyenvien.qldt", "transfer", note="Đủ điều kiện", at=local(2024, 11, 28, 10, 0))
    assert d.status == "in_progress"
    assert actions(d) == ["receive", "transfer", "consult", "give_opinion", "give_opinion", "transfer"]


def test_online_draft_submit_then_received_by_the_ward_desk(city):
    citizen = city["congdan.demo"]
    with time_machine.travel(local(2024, 11, 25, 8, 30), tick=False):
        with pytest.raises(NotAllowed):
            services.create_draft(actor=city["tiepnhan.camtrung"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                  applicant=APPLICANT)
        assert Dossier.objects.count() == 0
        d = services.create_draft(actor=citizen, procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant=APPLICANT)
        assert (d.status, d.code, d.submitted_at, d.received_at, d.channel) == ("draft", None, None, None, "online")
        assert actions(d) == ["create"]
        # A draft is the citizen's alone: the desk, its leaders and the admin do not see it until it is sent.
        denied(NotFound, city, d, "tiepnhan.camtrung", "receive")
        for name in ("tiepnhan.camtrung", "lanhdao.camtrung", "giamdoc.hcc", "admin"):
            assert not visible_dossiers(city[name]).filter(pk=d.pk).exists(), name
        other = UserFactory(role=Role.CITIZEN)
        city[other.username] = other
        denied(NotFound, city, d, other.username, "submit")

    with time_machine.travel(local(2024, 11, 25, 9, 0), tick=False):
        d = act(city, d, "congdan.demo", "submit")
        assert (d.status, d.code, d.submitted_at, d.received_at) == ("submitted", None, local(2024, 11, 25, 9, 0), None)
        denied(Conflict, city, d, "congdan.demo", "submit")  # already sent
        assert visible_dossiers(city["tiepnhan.camtrung"]).filter(pk=d.pk).exists()
        denied(NotFound, city, d, "tiepnhan.hcc", "receive")  # the city's desk: not its dossier
        denied(NotAllowed, city, d, "congdan.demo", "receive")  # the citizen cannot receive her own

    with time_machine.travel(local(2024, 11, 25, 10, 0), tick=False):
        d = act(city, d, "tiepnhan.camtrung", "receive")
    assert d.status == "received" and d.code == "CP-CTR-MC-241125-0001"  # the code comes at receipt
    assert d.received_at == local(2024, 11, 25, 10, 0) and d.due_at == local(2024, 11, 28, 10, 0)  # 3 working days
    receipt = DossierEvent.objects.filter(dossier=d).last()
    assert (receipt.from_status, receipt.to_status, receipt.actor_id) == ("submitted", "received", city["tiepnhan.camtrung"].pk)
    assert receipt.data["code"] == d.code
    assert UnitHolding.objects.filter(dossier=d, unit__code="CP-CTR-MC", ended_at__isnull=True).count() == 1

    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 10, 30))
    assert (d.status, d.current_unit.code) == ("in_progress", "CP-CTR")
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 26, 10, 0))  # back to the desk
    assert d.current_unit.code == "CP-CTR-MC"
    d = act(city, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 26, 14, 0),
            data={"result_number": "15/XNHN"}, files=[(None, SimpleUploadedFile("xnhn.pdf", b"%PDF-1.7\n", "application/pdf"))])
    assert (d.status, d.timeliness) == ("resolved", "early")
    d = act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"}, at=local(2024, 11, 26, 15, 0))
    assert d.status == "returned"
    assert actions(d) == ["create", "submit", "receive", "transfer", "approve", "resolve", "return_result"]
    statuses = list(DossierEvent.objects.filter(dossier=d).order_by("id").values_list("from_status", "to_status"))
    assert statuses == [("", "draft"), ("draft", "submitted"), ("submitted", "received"), ("received", "in_progress"),
                        ("in_progress", "in_progress"), ("in_progress", "resolved"), ("resolved", "returned")]


def test_withdraw_by_the_applicant(city):
    citizen = city["congdan.demo"]
    draft = services.create_draft(actor=citizen, procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant=APPLICANT)
    draft = act(city, draft, "congdan.demo", "withdraw", note="Không nộp nữa")
    assert draft.status == "withdrawn" and draft.code is None
    assert actions(draft) == ["create", "withdraw"]

    d = services.create_draft(actor=citizen, procedure_code=MARITAL, unit_code="CP-CTR-MC", applicant=APPLICANT)
    d = act(city, d, "congdan.demo", "submit")
    d = act(city, d, "tiepnhan.camtrung", "receive")
    d = act(city, d, "tiepnhan.camtrung", "transfer")
    other = UserFactory(role=Role.CITIZEN)
    city[other.username] = other
    denied(NotFound, city, d, other.username, "withdraw", note="Không phải của tôi")
    denied(NotAllowed, city, d, "chuyenvien.camtrung", "withdraw", note="Cán bộ xử lý không rút thay")
    d = act(city, d, "congdan.demo", "withdraw", note="Tôi xin rút hồ sơ")
    assert (d.status, d.current_unit.code) == ("withdrawn", "CP-CTR")
    event = DossierEvent.objects.filter(dossier=d).last()
    assert (event.action, event.actor_id, event.from_status, event.to_status, event.note) == (
        "withdraw", citizen.pk, "in_progress", "withdrawn", "Tôi xin rút hồ sơ")
    assert not UnitHolding.objects.filter(dossier=d, ended_at__isnull=True).exists()
    denied(Conflict, city, d, "congdan.demo", "withdraw", note="Lần nữa")  # final
    denied(Conflict, city, d, "lanhdao.camtrung", "approve")
    assert actions(d) == ["create", "submit", "receive", "transfer", "withdraw"]


def test_refusal_during_processing_with_reasons(city):
    d = in_progress_permit(city)
    d = act(city, d, "truongphong.qldt", "assign", to_user="chuyenvien.qldt", at=local(2024, 11, 25, 11, 0))
    denied(ValidationFailed, city, d, "truongphong.qldt", "refuse")  # reasons required
    denied(NotAllowed, city, d, "chuyenvien.qldt", "refuse", note="Chuyên viên không được từ chối")
    denied(NotAllowed, city, d, "tiepnhan.hcc", "refuse", note="Một cửa không quyết định từ chối")
    denied(NotFound, city, d, "chuyenvien.camtrung", "refuse", note="Phường khác")
    # What the page offers matches what the service accepts: the desk is not offered a refusal here.
    assert "refuse" in services.allowed_actions(city["truongphong.qldt"], d)
    assert "refuse" not in services.allowed_actions(city["tiepnhan.hcc"], d)

    reason = "Khu đất nằm trong quy hoạch công viên, không đủ điều kiện cấp phép"
    d = act(city, d, "truongphong.qldt", "refuse", note=reason, at=local(2024, 11, 27, 9, 0))
    assert (d.status, d.result_kind, d.resolved_at, d.timeliness) == ("refused", "refused", local(2024, 11, 27, 9, 0), "early")
    event = DossierEvent.objects.filter(dossier=d).last()
    assert (event.action, event.actor_id, event.from_status, event.to_status, event.note) == (
        "refuse", city["truongphong.qldt"].pk, "in_progress", "refused", reason)
    assert not UnitHolding.objects.filter(dossier=d, ended_at__isnull=True).exists()
    # The written reasons go back to the one-stop desk, which hands them to the applicant.
    assert (event.from_unit.code, event.to_unit.code) == ("CP-QLDT", "CP-HCC")
    assert (d.current_unit.code, d.current_step, d.assignee) == ("CP-HCC", None, None)
    # It has left the department, which still sees it (read only) but may do nothing more with it.
    denied(NotAllowed, city, d, "truongphong.qldt", "refuse", note="Lần nữa")
    assert services.allowed_actions(city["truongphong.qldt"], d) == []
    assert services.allowed_actions(city["tiepnhan.hcc"], d) == ["return_result"]
    d = act(city, d, "tiepnhan.hcc", "return_result", data={"method": "counter"}, at=local(2024, 11, 28, 8, 0))
    assert (d.status, d.returned_at, d.timeliness) == ("refused", local(2024, 11, 28, 8, 0), "early")
    denied(Conflict, city, d, "tiepnhan.hcc", "return_result")  # handed over once
    assert services.allowed_actions(city["tiepnhan.hcc"], d) == []
    assert actions(d) == ["receive", "transfer", "assign", "refuse", "return_result"]
    # Mẫu 05 shows the hand-back of the refusal and its delivery to the applicant.
    rows = control_sheet_rows(d)
    assert [(r.giver_unit, r.receiver_unit) for r in rows[-2:]] == [
        ("Phòng Quản lý đô thị", "Trung tâm Hành chính công thành phố Cẩm Phả"),
        ("Trung tâm Hành chính công thành phố Cẩm Phả", "Tổ chức, cá nhân"),
    ]


def test_a_refusal_at_intake_has_nothing_left_to_hand_over(city):
    d = receive(city, refusal_reason="Không thuộc thẩm quyền giải quyết")
    assert services.allowed_actions(city["tiepnhan.hcc"], d) == []
    with pytest.raises(Conflict):
        services.transition(d, "return_result", actor=city["tiepnhan.hcc"], expected_version=d.version)


def test_refusal_at_intake_of_an_online_submission_uses_no_code(city):
    # Nothing received, no code used: the first received dossier of the day still gets sequence 0001.
    draft = services.create_draft(actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                  applicant=APPLICANT)
    draft = act(city, draft, "congdan.demo", "submit")
    draft = act(city, draft, "tiepnhan.camtrung", "refuse", note="Không thuộc thẩm quyền")
    assert (draft.status, draft.code) == ("refused", None)
    d = receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC")
    assert d.code.endswith("-0001")
