"""Online submission on the citizens' web: a scan per required document, a draft kept for later, the
desk sees nothing until it is sent, and a failed submission writes nothing and loses no upload."""
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.permissions import visible_dossiers

from .conftest import MARITAL, marital_documents, scan


def form_data(**extra):
    return {"unit": "CP-CTR-MC", "applicant_name": "Trần Thị Bình", "applicant_phone": "0912345678",
            "intent": "submit", **extra}


def required(docs):
    return [d for d in docs if not d.is_optional]


def test_a_complete_submission_waits_for_the_desk_with_its_scans(citizen_client, city):
    page = citizen_client.get(f"/ca-nhan/nop/{MARITAL}/")
    assert page.status_code == 200
    assert [u.code for u in page.context["desks"]][:1] and "CP-CTR-MC" in [u.code for u in page.context["desks"]]
    assert "CP-HCC" not in [u.code for u in page.context["desks"]]  # a ward procedure: wards' desks only
    docs = marital_documents()
    r = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(
        idempotency_key="k1", **{f"doc_{d.pk}_file": scan(f"{d.pk}.pdf") for d in docs}))
    d = Dossier.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/ca-nhan/ho-so/{d.pk}/"
    assert (d.status, d.channel, d.code, d.citizen, d.reception_unit.code) == (
        "submitted", "online", None, city["congdan.demo"], "CP-CTR-MC")
    assert sorted(Attachment.objects.filter(dossier=d).values_list("document_id", flat=True)) == sorted(x.pk for x in docs)
    assert visible_dossiers(city["tiepnhan.camtrung"]).filter(pk=d.pk).exists()
    # The same form sent twice (a double click, a retried request) makes one dossier.
    again = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(
        idempotency_key="k1", **{f"doc_{d.pk}_file": scan(f"{d.pk}.pdf") for d in docs}))
    assert again.status_code == 302 and Dossier.objects.count() == 1


def test_a_missing_scan_writes_nothing_and_keeps_what_was_chosen(citizen_client, city):
    docs = required(marital_documents())
    assert docs, "the demo procedure has required documents"
    first, rest = docs[0], docs[1:]
    r = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(
        **{f"doc_{d.pk}_file": scan(f"{d.pk}.pdf") for d in rest}, applicant_name=""))
    assert r.status_code == 400
    assert Dossier.objects.count() == 0 and Attachment.objects.count() == 0
    form = r.context["form"]
    assert "Cần tải lên bản quét" in form.errors[f"doc_{first.pk}_file"][0]
    assert form.errors["applicant_name"] == ["Cần họ tên chủ hồ sơ."]
    staged = {d.pk: form[f"doc_{d.pk}_file"].staged["token"] for d in rest}
    # The second try sends only the missing scan; the kept ones come back by their tokens.
    r = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(
        **{f"staged_doc_{pk}_file": token for pk, token in staged.items()},
        **{f"doc_{first.pk}_file": scan("first.pdf")}))
    assert r.status_code == 302
    d = Dossier.objects.get()
    names = dict(Attachment.objects.filter(dossier=d).values_list("document_id", "original_name"))
    assert names == {first.pk: "first.pdf", **{x.pk: f"{x.pk}.pdf" for x in rest}}


def test_a_draft_is_the_citizens_alone_until_sent(citizen_client, city):
    docs = required(marital_documents())
    r = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(intent="draft"))  # no scan yet: allowed
    d = Dossier.objects.get()
    assert r.status_code == 302 and d.status == "draft" and d.submitted_at is None
    assert not visible_dossiers(city["tiepnhan.camtrung"]).filter(pk=d.pk).exists()
    page = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/")
    submit = next(f for f in page.context["forms"] if f.action == "submit")
    assert sorted(submit.fields) == sorted(["version", "note"] + [f"doc_{x.pk}_file" for x in docs])
    # Sending without the scans is refused with the reason, and changes nothing.
    r = citizen_client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {"action": "submit", "submit-version": d.version})
    assert r.status_code == 400 and "Cần tải lên bản quét" in r.content.decode()
    assert Dossier.objects.get().status == "draft"
    r = citizen_client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {
        "action": "submit", "submit-version": d.version, **{f"submit-doc_{x.pk}_file": scan() for x in docs}})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == "submitted" and d.submitted_at is not None
    assert Attachment.objects.filter(dossier=d).count() == len(docs)
    assert visible_dossiers(city["tiepnhan.camtrung"]).filter(pk=d.pk).exists()


def test_bad_choices_are_refused_in_vietnamese(citizen_client, city):
    r = citizen_client.post(f"/ca-nhan/nop/{MARITAL}/", form_data(intent="draft", unit="CP-HCC"))
    assert r.status_code == 400 and r.context["form"].errors["unit"] == ["Nơi nộp không hợp lệ cho thủ tục này."]
    version = Procedure.objects.get(code=MARITAL).current_version
    version.online_level = "none"
    version.save(update_fields=["online_level"])
    assert citizen_client.get(f"/ca-nhan/nop/{MARITAL}/").status_code == 404
    assert Dossier.objects.count() == 0


def test_only_citizens_use_these_pages(client, city):
    assert client.get("/ca-nhan/")["Location"].startswith("/dang-nhap/")
    client.force_login(city["tiepnhan.camtrung"])
    r = client.get(f"/ca-nhan/nop/{MARITAL}/")
    assert r.status_code == 403 and "dành cho công dân" in r.content.decode()
