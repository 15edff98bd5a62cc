"""The citizens' web in English, by the language cookie, as on the portal: the pages' own texts, labels and
messages are translated, and so are statuses and actions (issue 15, desk); the data (procedure and unit
names, the applicant) stays Vietnamese."""
import pytest
from django.conf import settings

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers_web.forms import WithdrawForm

from .conftest import MARITAL

pytestmark = pytest.mark.django_db

SUBMIT_URL = f"/ca-nhan/nop/{MARITAL}/"


def online_dossier(city) -> Dossier:
    return services.receive_dossier(
        actor=city["congdan.demo"], procedure_code=MARITAL, unit_code="CP-CTR-MC", channel="online",
        applicant={"name": "Trần Thị Bình"},
    ).dossier


@pytest.fixture
def english(citizen_client):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return citizen_client


def test_my_dossiers_in_english(english, city):
    online_dossier(city)
    html = english.get("/ca-nhan/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>My dossiers</h1>" in html
    assert "catalog of procedures offered online</a>, then press “Submit online”." in html
    assert "<th>Dossier code</th>" in html and "<th>Submitted to</th>" in html and "<th>Status</th>" in html
    assert 'data-label="Result due"' in html and "(no code yet)" in html
    for vietnamese in ("Hồ sơ của tôi", "Nộp hồ sơ mới", "Mã hồ sơ", "Tình trạng", "Hẹn trả", "(chưa có mã)"):
        assert vietnamese not in html
    assert "Awaiting receipt" in html and "Chờ tiếp nhận" not in html  # the status label is translated


def test_an_empty_list_in_english(english, city):
    html = english.get("/ca-nhan/").content.decode()
    assert "You have no dossiers yet." in html and "Bạn chưa có hồ sơ nào." not in html


def test_the_submission_form_in_english(english, city):
    response = english.get(SUBMIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Submit online</h1>" in html
    assert "<legend>Required documents</legend>" in html and "<legend>Where to submit and who applies</legend>" in html
    assert "Documents marked * are required to submit." in html
    assert ">Submit</button>" in html and ">Save draft</button>" in html
    assert "Full name of the applicant / organization" in html and ">Where to submit" in html
    assert "The processing time runs from when the one-stop desk receives the dossier" in html
    for vietnamese in ("Nộp hồ sơ trực tuyến", "Thành phần hồ sơ", "Lưu nháp", "Họ và tên người nộp",
                       "Nơi nộp hồ sơ", "Thời hạn giải quyết được tính"):
        assert vietnamese not in html


def test_submission_errors_and_messages_in_english(english, city):
    response = english.post(SUBMIT_URL, {"unit": "CP-CTR-MC", "applicant_name": "", "intent": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check the marked fields." in html
    assert "The applicant&#x27;s full name is required." in html
    assert "Upload a scan of this document to submit the dossier." in html
    assert "Cần tải lên bản quét" not in html and "Cần họ tên chủ hồ sơ." not in html
    response = english.post(SUBMIT_URL, {"unit": "CP-CTR-MC", "applicant_name": "Trần Thị Bình", "intent": "draft"},
                            follow=True)
    html = response.content.decode()
    assert "Draft saved. The dossier has not been sent yet" in html and "Đã lưu nháp hồ sơ" not in html
    assert "<h1>Dossier without a code</h1>" in html
    assert "Only you can see a draft" in html and "Hồ sơ nháp chỉ mình bạn xem được" not in html


def test_a_dossier_page_in_english(english, city):
    d = online_dossier(city)
    Dossier.objects.filter(pk=d.pk).update(rating="very_satisfied")
    html = english.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "<h1>Dossier without a code</h1>" in html
    assert "<dt>Status</dt>" in html and "<dt>Applicant</dt>" in html and "<dt>Submitted on</dt>" in html
    assert "<dt>Your rating</dt><dd>Very satisfied</dd>" in html
    assert "What you can do" in html and "Reason for withdrawing the dossier" in html
    assert "Submitted files" in html and "No files yet." in html and "Processing history" in html
    for vietnamese in ("Hồ sơ chưa có mã", "Chủ hồ sơ", "Đánh giá của bạn", "Rất hài lòng", "Bạn có thể",
                       "Tệp đã nộp", "Quá trình xử lý", "Lý do rút hồ sơ"):
        assert vietnamese not in html
    assert "Trần Thị Bình" in html and "Awaiting receipt" in html  # data stays as written; the status is translated


def test_a_withdrawal_without_reason_in_english(english, city):
    d = online_dossier(city)
    response = english.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {"action": "withdraw", "withdraw-version": d.version})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please give the reason for withdrawing the dossier." in html and "Cần ghi" not in html


def test_without_the_cookie_the_pages_stay_vietnamese(citizen_client, city):
    d = online_dossier(city)
    html = citizen_client.get("/ca-nhan/").content.decode()
    assert '<html lang="vi">' in html and "<h1>Hồ sơ của tôi</h1>" in html and "<th>Mã hồ sơ</th>" in html
    assert "My dossiers" not in html and "Dossier code" not in html
    html = citizen_client.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert "<h1>Hồ sơ chưa có mã</h1>" in html and "Quá trình xử lý" in html and "Lý do rút hồ sơ" in html
    response = citizen_client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", {"action": "withdraw", "withdraw-version": d.version})
    # The citizen's own sentence is the one the officers' form builds from the note's label.
    officers = WithdrawForm(dossier=d, user=city["tiepnhan.camtrung"]).fields["note"].error_messages["required"]
    assert officers == "Cần ghi lý do rút hồ sơ." and officers in response.content.decode()


def test_my_dossiers_show_the_english_name_of_the_procedure(english, city):
    from motcua.catalog.models import Procedure

    d = online_dossier(city)
    Procedure.objects.filter(code=MARITAL).update(name_en="Certificate of marital status")
    html = english.get("/ca-nhan/").content.decode()
    assert ">Certificate of marital status</td>" in html
    html = english.get(f"/ca-nhan/ho-so/{d.pk}/").content.decode()
    assert '<p class="lead">Certificate of marital status</p>' in html
