"""A dossier of Cẩm Trung's desk carried to `returned` (marital status, 3 working days), and helpers."""
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.evaluation.models import Evaluation
from tests.dossiers.conftest import APPLICANT, MARITAL, act, receive
from tests.factories import load_demo_city

DESK = "tiepnhan.camtrung"
ALL_TWO = {"1": 2, "2": 2, "3": 2, "4": 2, "6": 2, "7": 2}


@pytest.fixture
def city(db, settings, tmp_path):
    return load_demo_city(settings, tmp_path)


def processed(city, *, until="return_result", start=None, **kw):
    """A dossier received at CP-CTR-MC and carried through the process up to `until` (included)."""
    start = start or timezone.now() - timedelta(hours=2)
    d = receive(city, DESK, MARITAL, "CP-CTR-MC", at=start, applicant=kw.pop("applicant", APPLICANT))
    steps = [(DESK, "transfer"), ("lanhdao.camtrung", "approve"), (DESK, "resolve"), (DESK, "return_result")]
    for i, (user, action) in enumerate(steps, 1):
        d = act(city, d, user, action, at=start + timedelta(minutes=10 * i))
        if action == until:
            break
    return d


def stored(d) -> tuple:
    """What a rating writes: the dossier's rating, its rate events, its evaluation rows."""
    return (
        Dossier.objects.get(pk=d.pk).rating,
        DossierEvent.objects.filter(dossier=d, action="rate").count(),
        Evaluation.objects.filter(dossier=d).count(),
    )
