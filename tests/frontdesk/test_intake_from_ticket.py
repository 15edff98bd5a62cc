"""An intake started from a called ticket links the dossier to the ticket: waiting and service time then
belong to that dossier. A ticket of another reception point, or one never called, links nothing."""
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.frontdesk import services
from motcua.frontdesk.models import Ticket

from .conftest import CENTER, WARD_DESK, counter

BUILDING_PERMIT = "1.009994.000.00.00.H49"


# The building permit's own information (decision 0045): its required declared fields.
PERMIT_FIELDS = {"fd_dia_chi_cong_trinh": "Tổ 5, khu 3, phường Cẩm Trung", "fd_thua_dat_sheet": "12",
                 "fd_thua_dat_parcel": "345", "fd_dien_tich_xay_dung": "85,5", "fd_so_tang": "3"}


def _complete(**extra):
    data = {"channel": "counter", "applicant_name": "Lê Văn Cường", "applicant_phone": "0912 345 678",
            "idempotency_key": "k-ticket", **PERMIT_FIELDS}
    for doc in Procedure.objects.get(code=BUILDING_PERMIT).current_version.documents.all():
        data[f"doc_{doc.pk}_present"] = "on"
        data[f"doc_{doc.pk}_originals"] = doc.originals
        data[f"doc_{doc.pk}_copies"] = doc.copies
    data.update(extra)
    return data


def test_intake_from_a_called_ticket_links_the_dossier(client, full_city):
    officer = full_city["tiepnhan.hcc"]
    services.issue_ticket(CENTER, "A")
    ticket = services.call_next(officer, counter(CENTER, 1).pk)
    client.force_login(officer)
    search = client.get(f"/can-bo/tiep-nhan/?ticket={ticket.pk}&q=xay+dung").content.decode()
    assert "số thứ tự <strong>A001</strong>" in search
    assert f'href="/can-bo/tiep-nhan/{BUILDING_PERMIT}/?ticket={ticket.pk}"' in search
    form = client.get(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/?ticket={ticket.pk}").content.decode()
    assert f'<input type="hidden" name="ticket" value="{ticket.pk}">' in form
    r = client.post(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/", _complete(ticket=ticket.pk))
    assert r.status_code == 302, r.content.decode()[:2000]
    ticket.refresh_from_db()
    assert ticket.dossier == Dossier.objects.get()
    from motcua.frontdesk.selectors import queue_figures

    assert queue_figures(ticket.unit, ticket.day, ticket.day)["with_dossier"] == 1


def test_an_intake_without_a_ticket_links_nothing(client, full_city):
    services.issue_ticket(CENTER, "A")
    services.call_next(full_city["tiepnhan.hcc"], counter(CENTER, 1).pk)
    client.force_login(full_city["tiepnhan.hcc"])
    assert client.post(f"/can-bo/tiep-nhan/{BUILDING_PERMIT}/", _complete()).status_code == 302
    assert Ticket.objects.get().dossier is None


def test_a_ticket_of_another_point_or_still_waiting_is_not_linked(full_city):
    waiting = services.issue_ticket(CENTER, "A")
    other = services.issue_ticket(WARD_DESK)
    services.call_next(full_city["tiepnhan.camtrung"], counter(WARD_DESK, 1).pk)
    assert services.ticket_for_intake(full_city["tiepnhan.hcc"], waiting.pk) is None
    assert services.ticket_for_intake(full_city["tiepnhan.hcc"], other.pk) is None
    assert services.ticket_for_intake(full_city["tiepnhan.hcc"], "abc") is None
    assert services.ticket_for_intake(full_city["tiepnhan.camtrung"], other.pk) == other
