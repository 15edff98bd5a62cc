"""Account changes are journalled — creation, role and unit, activation, password, two-factor reset, and
demo accounts switched off — each one event; a password is recorded as the words "đổi mật khẩu", never
its hash, and two-factor secrets never."""
import json

import pytest
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts import services
from motcua.accounts.models import User
from motcua.audit.models import ChangeEvent
from motcua.audit.services import PASSWORD_CHANGED
from motcua.units.models import Unit
from tests.factories import UserFactory

from .admin_forms import admin_form_data

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mat-khau-moi-2026!"


class Boom(Exception):
    pass


def journal_text() -> str:
    """Everything the journal holds, as one string, to look for secrets in."""
    rows = ChangeEvent.objects.values("changes", "note", "object_repr", "actor_name")
    return json.dumps(list(rows), ensure_ascii=False)


@pytest.fixture
def unit(db):
    return Unit.objects.create(code="CP-TP", name="Phòng Tư pháp", kind="department", path="CP-TP/")


def test_creating_an_account_in_the_admin_records_it_and_says_only_that_a_password_was_set(
    admin_client, journal, unit
):
    response = admin_client.post(reverse("admin:accounts_user_add"), {
        "username": "chuyenvien.tp", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[-2000:]
    (event,) = journal.new()
    user = User.objects.get(username="chuyenvien.tp")
    assert event.action == "create" and event.object_id == str(user.pk) and event.actor_name == "quantri"
    assert event.changes["username"] == [None, "chuyenvien.tp"] and event.changes["password"] == PASSWORD_CHANGED
    text = journal_text()
    assert user.password not in text and NEW_PASSWORD not in text and user.password.split("$")[-1] not in text


def test_a_role_unit_and_activation_change_in_the_admin_is_one_event_with_the_diff(admin_client, journal, unit):
    user = UserFactory(username="canbo", role="citizen")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = admin_form_data(admin_client.get(url))
    data.update({"role": "specialist", "unit": str(unit.pk)})
    data.pop("is_active", None)
    journal.mark()
    response = admin_client.post(url, data)
    assert response.status_code == 302
    (event,) = journal.new()
    assert event.action == "update"
    assert event.changes == {
        "is_active": [True, False], "role": ["citizen", "specialist"], "unit": [None, "Phòng Tư pháp"],
    }


def test_a_password_change_in_the_admin_is_recorded_without_any_value(admin_client, journal):
    user = UserFactory(username="canbo")
    old_hash = user.password
    journal.mark()
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    (event,) = journal.new()
    assert event.action == "password" and event.changes == {"password": PASSWORD_CHANGED}
    text = journal_text()
    assert old_hash not in text and user.password not in text and NEW_PASSWORD not in text


def test_resetting_two_factor_removes_the_devices_and_records_no_secret(admin_client, journal):
    user = UserFactory(username="canbo")
    totp = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="mã dự phòng")
    StaticToken.objects.create(device=static, token="abcd1234")
    journal.mark()
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    (event,) = journal.new()
    assert event.action == "reset_2fa" and event.changes == {"two_factor_devices": [2, 0]}
    text = journal_text()
    assert totp.key not in text and "abcd1234" not in text


def test_demo_accounts_switched_off_are_journalled_one_event_each(journal, settings):
    settings.DEMO_MODE = False
    UserFactory(username="demo.a", is_demo=True)
    UserFactory(username="demo.b", is_demo=True)
    journal.mark()
    assert services.enforce_demo_mode() == 2
    events = journal.new()
    assert [(e.action, e.object_repr, e.changes) for e in events] == [
        ("deactivate", "Người dùng " + User.objects.get(username=name).full_name.split()[-1], {"is_active": [True, False]})
        for name in ("demo.a", "demo.b")
    ]
    assert services.enforce_demo_mode() == 0 and len(journal.new()) == 2


def test_a_two_factor_reset_rolled_back_leaves_devices_and_no_event(journal):
    user = UserFactory(username="canbo")
    TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    journal.mark()
    with pytest.raises(Boom), transaction.atomic():
        services.reset_two_factor(user)
        raise Boom
    assert TOTPDevice.objects.filter(user=user).exists() and journal.new() == []
