"""A worklist row reads what it shows and no more: the procedure's long texts and lists and the dossier's
form and checklist stay in the database (issue 10), with no query per row for them; each row links to its
dossier's page, a dossier without a code by its id."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers import services

from .conftest import BIRTH, receive


def test_rows_leave_the_long_columns_and_link_to_their_pages(city, client_as):
    received = [receive(city) for _ in range(3)]
    client = client_as("tiepnhan.hcc")
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/can-bo/?tab=dang-xu-ly")
    assert r.status_code == 200
    listed = r.context["dossiers"]
    assert {d.code for d in listed} == {d.code for d in received}
    lists = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "dossiers_dossier"."id"')]
    assert len(lists) == 1, lists
    for column in ("search_text", "legal_basis", "steps_text", "form_data", "checklist"):
        assert f'"{column}"' not in lists[0], column
    html = r.content.decode()
    for d in listed:
        assert d.url == reverse("officer:dossier", args=[d.ref])
        assert f'href="{d.url}"' in html
        assert d.procedure_version.name in html  # what the row shows is loaded with it



def test_a_dossier_without_a_code_links_by_its_id(city, client_as):
    d = services.receive_dossier(
        actor=city["congdan.demo"], procedure_code=BIRTH, unit_code="CP-CTR-MC", channel="online",
        applicant={"name": "Nguyễn Văn An"},
    ).dossier
    r = client_as("tiepnhan.camtrung").get("/can-bo/?tab=cho-tiep-nhan")
    (pending,) = r.context["dossiers"]
    assert pending.pk == d.pk and not pending.code
    assert pending.url == reverse("officer:dossier", args=[str(d.pk)])
    assert f'href="{pending.url}"' in r.content.decode()
