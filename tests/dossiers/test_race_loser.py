"""The loser of a race answers 409 (changed, reload), whatever the order of the checks: the dossier it
acted on has moved on, so "not allowed" on the moved dossier would be the wrong answer (issue 11)."""
import pytest

from motcua.accounts.models import User
from motcua.common.errors import Conflict
from motcua.dossiers import services

from .conftest import local, receive


@pytest.fixture
def second_desk_officer(city):
    return User.objects.create_user(
        "tiepnhan2.hcc", password="x-Mat-khau-2026", role="counter_officer", unit=city["tiepnhan.hcc"].unit
    )


def test_the_second_of_two_transfers_with_the_same_version_gets_409_not_403(city, second_desk_officer):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    version = d.version
    services.transition(d.code, "transfer", actor=city["tiepnhan.hcc"], expected_version=version, at=local(2024, 11, 25, 9, 30))
    with pytest.raises(Conflict):
        services.transition(d.code, "transfer", actor=second_desk_officer, expected_version=version, at=local(2024, 11, 25, 9, 31))


def test_a_current_version_still_meets_the_permission_check(city, second_desk_officer):
    from motcua.common.errors import NotAllowed

    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = services.transition(d.code, "transfer", actor=city["tiepnhan.hcc"], expected_version=d.version, at=local(2024, 11, 25, 9, 30))
    with pytest.raises(NotAllowed):
        services.transition(d.code, "transfer", actor=second_desk_officer, expected_version=d.version, at=local(2024, 11, 25, 9, 31))
