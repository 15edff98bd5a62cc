"""The notice of return carries the evaluation link only when a result was handed over: handing over the
written reasons of a refusal is not a result to evaluate (a refused dossier is never `returned`)."""
from motcua.dossiers.models import DossierEvent, Status
from motcua.notify.services import kind_for


def test_only_a_result_handed_over_brings_the_evaluation_notice():
    handed = DossierEvent(action="return_result", from_status=Status.RESOLVED, to_status=Status.RETURNED)
    refusal = DossierEvent(action="return_result", from_status=Status.REFUSED, to_status=Status.REFUSED)
    assert (kind_for(handed), kind_for(refusal)) == ("returned", None)
