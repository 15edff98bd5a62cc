"""History brought in from an older system (issue 9: the events are marked `imported`) is not pushed: that
system told the portal when it happened. The dossier's next live change is."""
from motcua.dossiers import services as dossier_services
from motcua.nationalportal.models import PortalPush
from tests.dossiers.conftest import APPLICANT, BUILDING_PERMIT

from .conftest import act, local


def test_imported_events_queue_nothing_and_the_next_live_change_does(city, portal):
    d = dossier_services.receive_dossier(
        actor=city["admin"], procedure_code=BUILDING_PERMIT, unit_code="CP-HCC", channel="counter",
        applicant=APPLICANT, received_at=local(2024, 11, 25, 9, 0),
        history={"source": "export-2024.xlsx", "code": "CP-HCC-241125-0001"},
    ).dossier
    d = dossier_services.transition(
        d, "transfer", actor=city["tiepnhan.hcc"], expected_version=d.version, at=local(2024, 11, 25, 10, 0),
        history={"source": "export-2024.xlsx"},
    )
    assert PortalPush.objects.count() == 0
    d = act(city, d, "chuyenvien.qldt", "request_supplement", note="Thiếu bản vẽ", at=local(2024, 11, 26, 9, 0))
    (push,) = PortalPush.objects.all()
    assert (push.sequence, push.status_code, push.payload["MaHoSo"]) == (1, "5", "CP-HCC-241125-0001")
