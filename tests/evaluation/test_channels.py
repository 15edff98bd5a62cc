"""The channels of the evaluation (issue 13 item 2): the counter tablet, the kiosk, the signed link of the
notice of return and /ca-nhan/ — each reaches the one rate action; a dossier not returned or already rated
gets a clear Vietnamese refusal and nothing is stored."""
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from motcua.common.errors import Conflict, NotAllowed, NotFound
from motcua.dossiers import services
from motcua.dossiers.permissions import visible_dossiers
from motcua.evaluation import services as evaluation
from motcua.evaluation.models import Channel, Evaluation
from motcua.notify.models import Outbox

from .conftest import ALL_TWO, DESK, processed, stored

pytestmark = pytest.mark.django_db

FORM = {"evaluate": "1", "level": "very_satisfied", "comment": "Cán bộ nhiệt tình",
        **{f"i{k}": str(v) for k, v in ALL_TWO.items()}}


def just_returned(city):
    return processed(city, start=timezone.now() - timedelta(minutes=45))  # returned 5 minutes ago


# -- the counter tablet ---------------------------------------------------------------------------------
def test_the_officer_who_returned_it_opens_the_tablet_and_the_applicant_rates_without_signing_in(city, client):
    d = just_returned(city)
    client.force_login(city[DESK])
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert "Mời người nộp đánh giá trên máy tính bảng" in page
    r = client.post(f"/can-bo/danh-gia/{d.code}/may-tinh-bang/")
    assert r.status_code == 302 and "/danh-gia/may-tinh-bang/" in r.url
    client.logout()  # the tablet is not signed in
    form = client.get(r.url)
    assert form.status_code == 200 and d.code in form.content.decode()
    assert "Thái độ của cán bộ, công chức" in form.content.decode()
    done = client.post(r.url, FORM)
    assert "Đã ghi nhận đánh giá hồ sơ" in done.content.decode()
    e = Evaluation.objects.get(dossier=d)
    assert (e.channel, e.total, e.maximum, e.level, e.comment) == (Channel.TABLET, 12, 12, "Xuất sắc", "Cán bộ nhiệt tình")
    event = d.events.get(action="rate")
    assert (event.actor.username, event.actor_role, event.data["channel"]) == (evaluation.APPLICANT_USERNAME, "citizen", "tablet")
    again = client.post(r.url, {**FORM, "level": "not_satisfied"})
    assert again.status_code == 409 and "chỉ được đánh giá một lần" in again.content.decode()
    assert stored(d) == ("very_satisfied", 1, 1)


def test_only_the_officer_who_returned_it_may_open_the_tablet(city):
    d = just_returned(city)
    with pytest.raises(NotAllowed, match="Chỉ cán bộ vừa trả kết quả"):
        evaluation.open_tablet(city["lanhdao.camtrung"], d.code)


def test_the_tablet_is_for_a_just_returned_dossier_only(city):
    d = processed(city, start=timezone.now() - timedelta(hours=3))  # returned over two hours ago
    with pytest.raises(Conflict, match="Đã quá 30 phút"):
        evaluation.open_tablet(city[DESK], d.code)
    not_yet = processed(city, until="resolve", start=timezone.now() - timedelta(minutes=45))
    with pytest.raises(Conflict, match="chưa được trả kết quả nên chưa thể đánh giá"):
        evaluation.open_tablet(city[DESK], not_yet.code)


def test_a_forged_tablet_token_is_refused(city, client):
    d = just_returned(city)
    forged = signing.dumps({"d": d.pk, "o": city[DESK].pk}, salt="something-else")
    r = client.post(f"/danh-gia/may-tinh-bang/{forged}/", FORM)
    assert r.status_code == 400 and "Liên kết đánh giá không hợp lệ hoặc đã hết hạn" in r.content.decode()
    assert stored(d) == ("", 0, 0)


def test_an_incomplete_form_is_shown_again_with_a_vietnamese_error_and_nothing_stored(city, client):
    d = just_returned(city)
    token = evaluation.open_tablet(city[DESK], d.code)
    r = client.post(f"/danh-gia/may-tinh-bang/{token}/", {k: v for k, v in FORM.items() if k != "i7"})
    assert r.status_code == 400 and "Vui lòng chấm chỉ số 7." in r.content.decode()
    assert stored(d) == ("", 0, 0)


# -- the kiosk -------------------------------------------------------------------------------------------
def test_at_the_kiosk_the_code_and_the_phones_last_digits_open_the_evaluation(city, client):
    d = processed(city)  # APPLICANT phone 0912345678
    url = "/kiosk/CP-CTR-MC/danh-gia/"
    assert f'href="{url}"' in client.get("/kiosk/CP-CTR-MC/").content.decode()  # from the ticket screen
    wrong = client.post(url, {"code": d.code, "digits": "1111"})
    assert wrong.status_code == 400 and "Mã hồ sơ hoặc 4 số cuối điện thoại không đúng." in wrong.content.decode()
    right = client.post(url, {"code": d.code.lower(), "digits": "5678"})
    assert right.status_code == 200 and "Gửi đánh giá" in right.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', right.content.decode()).group(1)
    done = client.post(url, {**FORM, "token": token})
    assert "Đã ghi nhận đánh giá hồ sơ" in done.content.decode()
    assert Evaluation.objects.get(dossier=d).channel == Channel.KIOSK


def test_the_kiosk_refuses_a_dossier_not_yet_returned_in_vietnamese(city, client):
    d = processed(city, until="resolve")
    r = client.post("/kiosk/CP-CTR-MC/danh-gia/", {"code": d.code, "digits": "5678"})
    assert r.status_code == 400 and f"Hồ sơ {d.code} chưa được trả kết quả nên chưa thể đánh giá." in r.content.decode()
    assert stored(d) == ("", 0, 0)


def test_the_kiosk_locks_a_code_after_five_wrong_answers(city):
    d = processed(city)
    for _ in range(evaluation.KIOSK_TRIES):
        with pytest.raises(Exception, match="không đúng"):
            evaluation.kiosk_check("CP-CTR-MC", d.code, "0000")
    with pytest.raises(NotAllowed, match="Nhập sai quá 5 lần"):
        evaluation.kiosk_check("CP-CTR-MC", d.code, "5678")


def test_a_dossier_of_another_reception_point_is_not_found_at_this_kiosk(city):
    d = processed(city)
    with pytest.raises(Exception, match="không đúng"):
        evaluation.kiosk_check("CP-HCC", d.code, "5678")


# -- the signed link of the notice of return ----------------------------------------------------------------
def test_the_notice_of_return_carries_a_signed_link_that_rates_the_dossier(city, client):
    d = processed(city)
    sms = Outbox.objects.get(event__dossier=d, kind="returned", channel="sms")
    assert sms.body.startswith(f"Hồ sơ {d.code} đã trả kết quả. Mời Ông/Bà đánh giá")
    path = re.search(r"(/danh-gia/lien-ket/[^ ]+/)", sms.body).group(1)
    assert client.get(path).status_code == 200
    client.post(path, FORM)
    assert Evaluation.objects.get(dossier=d).channel == Channel.LINK
    assert "đã được đánh giá" in client.get(path).content.decode()


def test_the_proof_of_the_applicant_reaches_that_dossier_and_the_rate_action_only(city):
    d = processed(city)
    other = processed(city)
    actor = evaluation.applicant_actor(d, Channel.LINK)
    assert list(visible_dossiers(actor)) == [d]
    assert services.allowed_actions(actor, d) == ["rate"]
    with pytest.raises(NotFound):
        services.transition(other, "rate", actor=actor, expected_version=other.version, data={"level": "satisfied"})
    assert not actor.is_active and not actor.has_usable_password()


# -- /ca-nhan/ ------------------------------------------------------------------------------------------------
def test_the_citizen_rates_the_indicators_on_their_own_dossier_page(city, client):
    d = services.receive_dossier(actor=city["congdan.demo"], procedure_code="1.004873.000.00.00.H49",
                                 unit_code="CP-CTR-MC", channel="online",
                                 applicant={"name": "Trần Thị Bình", "phone": "0912345678"}, draft=False).dossier
    d = services.transition(d, "receive", actor=city[DESK], expected_version=d.version)
    for user, action in [(DESK, "transfer"), ("lanhdao.camtrung", "approve"), (DESK, "resolve"), (DESK, "return_result")]:
        d.refresh_from_db()
        data = {"result_number": "1/XN"} if action == "resolve" else None
        d = services.transition(d, action, actor=city[user], expected_version=d.version, data=data)
    client.force_login(city["congdan.demo"])
    fields = {"action": "rate", "rate-version": d.version, "rate-level": "satisfied",
              **{f"rate-i{k}": v for k, v in ALL_TWO.items()}, "rate-i7": "1"}
    assert client.post(f"/ca-nhan/ho-so/{d.pk}/thao-tac/", fields).status_code == 302
    e = Evaluation.objects.get(dossier=d)
    assert (e.channel, e.total, e.i7) == (Channel.PORTAL, 11, 1)
