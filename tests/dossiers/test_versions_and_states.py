"""Optimistic locking and the transition table: a stale version or a wrong state is 409, nothing written."""
import pytest

from motcua.common.errors import Conflict, ValidationFailed
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Status

from .conftest import act, counts, local, receive


def test_stale_version_is_409_and_nothing_is_written(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = counts()
    with pytest.raises(Conflict, match="đã được người khác cập nhật"):
        services.transition(d.code, "transfer", actor=city["tiepnhan.hcc"], expected_version=d.version - 1 or 99)
    assert counts() == before
    assert Dossier.objects.get(pk=d.pk).version == d.version


def test_wrong_state_is_409_and_nothing_is_written(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    before = counts()
    with pytest.raises(Conflict):
        services.transition(d.code, "return_result", actor=city["tiepnhan.hcc"], expected_version=d.version)
    assert counts() == before


def test_every_action_has_a_rule_and_every_edge_a_known_state():
    assert set(services.ACTIONS) == set(services.HANDLERS)
    for (state, _action), target in services.TRANSITIONS.items():
        assert state in Status.values
        assert callable(target) or target in (*Status.values, services.SAME)


def test_each_transition_bumps_the_version_by_one(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    v = d.version
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    assert d.version == v + 1


def test_supplement_during_processing_only_once(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 26, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "supplement", at=local(2024, 11, 27, 9, 0))
    before = counts()
    with pytest.raises(Conflict, match="1 lần"):
        act(city, d, "chuyenvien.qldt", "request_supplement", note="Lần hai", at=local(2024, 11, 28, 9, 0))
    assert counts() == before


def test_refusal_needs_reasons(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    with pytest.raises(ValidationFailed):
        act(city, d, "truongphong.qldt", "refuse")
    d = act(city, d, "truongphong.qldt", "refuse", note="Không phù hợp quy hoạch", at=local(2024, 11, 26, 9, 0))
    assert (d.status, d.result_kind) == (Status.REFUSED, "refused")


def test_rating_once_after_return(city):
    d = receive(city, "tiepnhan.camtrung", "1.004873.000.00.00.H49", "CP-CTR-MC", at=local(2024, 11, 25, 9, 0))
    d = act(city, d, "tiepnhan.camtrung", "transfer", at=local(2024, 11, 25, 9, 30))
    d = act(city, d, "lanhdao.camtrung", "approve", at=local(2024, 11, 25, 9, 45))
    d = act(city, d, "tiepnhan.camtrung", "resolve", at=local(2024, 11, 25, 10, 0))
    d = act(city, d, "tiepnhan.camtrung", "return_result", at=local(2024, 11, 25, 11, 0))
    d = act(city, d, "tiepnhan.camtrung", "rate", data={"level": "very_satisfied"})
    assert d.rating == "very_satisfied"
    with pytest.raises(Conflict):
        act(city, d, "tiepnhan.camtrung", "rate", data={"level": "satisfied"})


def test_a_wrong_state_is_explained_in_vietnamese(city):
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    with pytest.raises(Conflict) as caught:
        services.transition(d.code, "return_result", actor=city["tiepnhan.hcc"], expected_version=d.version)
    assert caught.value.detail == "Không thể trả kết quả khi hồ sơ ở trạng thái “Đã tiếp nhận”."
