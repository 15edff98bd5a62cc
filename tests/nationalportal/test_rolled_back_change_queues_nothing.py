"""The notice is written in the change's own transaction: a transition that fails, or whose transaction is
rolled back, leaves no notice and pushes nothing."""
import pytest
from django.db import transaction

from motcua.common.errors import Conflict
from motcua.dossiers import services as dossier_services
from motcua.nationalportal.models import PortalPush

from .conftest import act, local, receive


def test_a_refused_transition_queues_nothing(city, portal, django_capture_on_commit_callbacks):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = PortalPush.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        dossier_services.transition(d.code, "transfer", actor=city["tiepnhan.hcc"], expected_version=d.version + 5)
    assert PortalPush.objects.count() == before == 1


def test_a_transition_rolled_back_with_its_caller_queues_nothing(city, portal, django_capture_on_commit_callbacks):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    portal.notices.clear()

    class Undo(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Undo), transaction.atomic():
        act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
        assert PortalPush.objects.filter(dossier=d, sequence=2).exists()  # written inside…
        raise Undo
    assert callbacks == []
    assert not PortalPush.objects.filter(dossier=d, sequence=2).exists()  # …and gone with the rollback
    assert portal.notices == []
    # The next change takes the number the rolled-back one did not keep: the sequence has no gap.
    act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 30))
    assert list(PortalPush.objects.filter(dossier=d).values_list("sequence", flat=True)) == [1, 2]


def test_queueing_the_same_event_twice_adds_nothing(city, portal):
    from motcua.nationalportal.services import queue_for_event

    d = receive(city, at=local(2024, 11, 25, 9, 0))
    event = d.events.get()
    assert queue_for_event(d, event) == PortalPush.objects.get(event=event)
    assert PortalPush.objects.count() == 1
