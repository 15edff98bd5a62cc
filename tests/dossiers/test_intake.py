"""Intake (domain.md §4): complete → received with code and due; incomplete → nothing received; refusal."""
import pytest

from motcua.catalog.models import Procedure
from motcua.common.errors import NotAllowed, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, Status, UnitHolding

from .conftest import BUILDING_PERMIT, MARITAL, act, counts, local, receive


def test_complete_dossier_is_received_with_code_due_instant_and_first_step(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    assert d.status == Status.RECEIVED
    assert d.code == "CP-HCC-241125-0001"
    assert d.received_at == local(2024, 11, 25, 9, 0)
    # 15 working days from Mon 25/11/2024 09:00: weekends skipped → Mon 16/12/2024 09:00.
    assert d.due_at == local(2024, 12, 16, 9, 0)
    assert d.current_unit.code == "CP-HCC" and d.current_step.order == 1
    event = DossierEvent.objects.get(dossier=d)
    assert (event.action, event.from_status, event.to_status, event.actor.username) == (
        "receive", "", "received", "tiepnhan.hcc"
    )
    assert UnitHolding.objects.get(dossier=d).unit.code == "CP-HCC"


def test_incomplete_checklist_lists_every_missing_document_and_receives_nothing(city):
    version = Procedure.objects.get(code=BUILDING_PERMIT).current_version
    docs = list(version.documents.all())
    assert len(docs) >= 2
    before = counts()
    checklist = {str(docs[0].pk): {"present": True, "originals": docs[0].originals, "copies": docs[0].copies}}
    with pytest.raises(services.IncompleteDossier) as exc:
        receive(city, checklist=checklist)
    assert [m["document"] for m in exc.value.missing] == [d.pk for d in docs[1:] if not d.is_optional]
    assert counts() == before  # no dossier, no event, no code used


def test_too_few_originals_is_missing(city):
    version = Procedure.objects.get(code=MARITAL).current_version
    checklist = {str(doc.pk): {"present": True, "originals": 0, "copies": 0} for doc in version.documents.all()}
    with pytest.raises(services.IncompleteDossier):
        receive(city, "tiepnhan.camtrung", MARITAL, "CP-CTR-MC", checklist=checklist)


def test_refusal_at_intake_is_recorded_without_code(city):
    d = receive(city, refusal_reason="Không thuộc thẩm quyền giải quyết")
    assert d.status == Status.REFUSED and d.code is None and d.received_at is None
    assert DossierEvent.objects.get(dossier=d).note == "Không thuộc thẩm quyền giải quyết"


def test_procedure_not_received_at_that_unit_is_rejected(city):
    before = counts()
    with pytest.raises(ValidationFailed):
        receive(city, "tiepnhan.camtrung", BUILDING_PERMIT, "CP-CTR-MC")
    assert counts() == before


def test_officer_of_another_unit_may_not_receive(city):
    with pytest.raises(NotAllowed):
        receive(city, "tiepnhan.mongduong", MARITAL, "CP-CTR-MC")


def test_received_at_may_be_backdated_but_not_in_the_future(city):
    from django.utils import timezone

    with pytest.raises(ValidationFailed):
        receive(city, at=timezone.now() + timezone.timedelta(days=1))
    d = receive(city, channel="post", at=local(2024, 11, 22, 16, 0))  # postmark
    assert d.code == "CP-HCC-241122-0001"


def test_online_submission_waits_for_the_officer_then_is_received(city):
    d = receive(city, "congdan.demo", channel="online")
    assert d.status == Status.SUBMITTED and d.code is None and d.citizen.username == "congdan.demo"
    d = act(city, d, "tiepnhan.hcc", "request_supplement", data={"missing": ["Bản vẽ thiết kế"]})
    assert d.status == Status.AWAITING_SUPPLEMENT and d.code is None and d.supplement_count == 0
    d = act(city, d, "congdan.demo", "supplement")
    assert d.status == Status.SUBMITTED
    d = act(city, d, "tiepnhan.hcc", "receive")
    assert d.status == Status.RECEIVED and d.code.startswith("CP-HCC-") and d.due_at is not None


def test_citizen_may_not_submit_at_the_counter(city):
    with pytest.raises(NotAllowed):
        receive(city, "congdan.demo", channel="counter")
