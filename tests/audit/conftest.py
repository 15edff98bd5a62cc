"""Helpers for the configuration journal: the events written by one change."""
import pytest

from motcua.audit.models import ChangeEvent
from tests.factories import UserFactory


class Journal:
    """Events written since the fixture was taken, oldest first."""

    def __init__(self):
        self.start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def mark(self):
        self.start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self, **filters):
        return list(ChangeEvent.objects.filter(id__gt=self.start, **filters).order_by("id"))


@pytest.fixture
def journal(db):
    return Journal()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", is_staff=True, is_superuser=True, role="admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
