"""Migration dossiers 0015 (decision 0052) gives every dossier rated before it the instant of its `rate`
event, so the statistics' ratings of past periods are the same before and after it; unrated dossiers stay
without one."""
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import migrate
from tests.evaluation.conftest import DESK, processed

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dossiers", "0014_event_dossier_read_through_its_composite_index")


def test_rated_dossiers_get_their_rate_events_instant(city):
    start = timezone.now() - timedelta(hours=3)
    rated = processed(city, start=start)
    rated = services.transition(rated, "rate", actor=city[DESK], expected_version=rated.version, data={"level": "satisfied"})
    unrated = processed(city, start=start + timedelta(minutes=1))
    at = rated.events.get(action="rate").at
    try:
        migrate(BEFORE)
        with connection.cursor() as cur:
            columns = [c.name for c in connection.introspection.get_table_description(cur, Dossier._meta.db_table)]
        assert "rated_at" not in columns
    finally:
        migrate()
    assert Dossier.objects.get(pk=rated.pk).rated_at == at
    assert Dossier.objects.get(pk=unrated.pk).rated_at is None
