"""The citizen follows their dossiers: the list, the page with what the law lets them read, and their own
actions (pay, supplement, withdraw, rate) through the same transition as everyone else."""
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from tests.factories import UserFactory

from .conftest import MARITAL, act, marital_documents, scan

APPLICANT = {"name": "Trần Thị Bình", "phone": "0912345678"}


def submitted(city):
    docs = [(d.pk, scan()) for d in marital_documents()]
    return services.receive_dossier(actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC",
                                    channel="online", applicant=APPLICANT, attachments=docs).dossier


def do(client, d, action, **fields):
    d.refresh_from_db()
    data = {"action": action, f"{action}-version": d.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", data)


def offered(client, d):
    return [f.action for f in client.get(f"/ca-nhan/ho-so/{d.pk}/").context["forms"]]


def test_a_life_seen_and_acted_on_by_the_applicant(citizen_client, city):
    d = submitted(city)
    d = act(city, d, "tiepnhan.camtrung", "request_payment", data={"amount": 30000})
    assert offered(citizen_client, d) == ["pay", "withdraw"]
    page = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "Số tiền phí, lệ phí: 30.000 đ" in page
    assert do(citizen_client, d, "pay", reference="").status_code == 400  # a receipt number is needed
    assert do(citizen_client, d, "pay", reference="VNPAY-123").status_code == 302
    d = act(city, d, "tiepnhan.camtrung", "receive")
    d = act(city, d, "tiepnhan.camtrung", "request_supplement", note="Ảnh tờ khai bị mờ, xin gửi lại")
    assert offered(citizen_client, d) == ["supplement", "withdraw"]
    page = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "Ảnh tờ khai bị mờ, xin gửi lại" in page and d.code in page
    d.refresh_from_db()
    r = citizen_client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {
        "action": "supplement", "supplement-version": d.version, "supplement-files": scan("to-khai-ro.pdf")})
    assert r.status_code == 302
    d = act(city, d, "tiepnhan.camtrung", "transfer", note="Ghi chú nội bộ: kiểm tra kỹ lý lịch")
    d = act(city, d, "lanhdao.camtrung", "approve")
    d = act(city, d, "tiepnhan.camtrung", "resolve", data={"result_number": "15/XNHN"}, files=[(None, scan("xnhn.pdf"))])
    d = act(city, d, "tiepnhan.camtrung", "return_result", data={"method": "online"})
    page = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "Ghi chú nội bộ" not in page  # officers' notes stay inside
    assert "Đã trả kết quả" in page
    assert do(citizen_client, d, "rate", level="very_satisfied").status_code == 302
    d.refresh_from_db()
    assert d.rating == "very_satisfied" and offered(citizen_client, d) == []
    assert "Rất hài lòng" in citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    actions = list(DossierEvent.objects.filter(dossier=d).order_by("id").values_list("action", flat=True))
    assert actions == ["submit", "request_payment", "pay", "receive", "request_supplement", "supplement",
                       "transfer", "approve", "resolve", "return_result", "rate"]


def test_withdrawal_needs_a_reason_and_a_stale_page_changes_nothing(citizen_client, city):
    d = submitted(city)
    assert do(citizen_client, d, "withdraw", note="").status_code == 400
    version = d.version
    act(city, d, "tiepnhan.camtrung", "request_payment", data={"amount": 30000})  # the desk acted meanwhile
    r = citizen_client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {
        "action": "withdraw", "withdraw-version": version, "withdraw-note": "Không cần nữa"})
    assert r.status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == "awaiting_payment"
    assert do(citizen_client, d, "withdraw", note="Không cần nữa").status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == "withdrawn"


def test_the_list_and_pages_show_only_ones_own_dossiers(citizen_client, city, client):
    mine = submitted(city)
    theirs = receive_for_other(city)
    listing = citizen_client.get("/ca-nhan/")
    assert [d.pk for d in listing.context["dossiers"]] == [mine.pk]
    assert citizen_client.get(f"/ca-nhan/ho-so/{theirs.pk}/").status_code == 404
    assert citizen_client.post(f"/ca-nhan/ho-so/{theirs.pk}/thao-tac/", {"action": "withdraw"}).status_code == 404
    assert Dossier.objects.get(pk=theirs.pk).status == "submitted"


def receive_for_other(city):
    other = UserFactory(role="citizen")
    return services.receive_dossier(actor=other, procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="online",
                                    applicant=APPLICANT).dossier
