"""`recompute_stats` rebuilds the figures from the audit events alone and finds every difference."""
from datetime import date

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier
from motcua.stats.recompute import compare
from motcua.units.models import Unit


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("recompute_stats", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_the_events_give_the_same_figures_to_the_dossier(december):
    for period in ((date(2024, 12, 1), date(2024, 12, 31)), (date(2024, 11, 1), date(2025, 1, 31)), (date(2025, 1, 1), date(2025, 1, 31))):
        result = compare(Unit.objects.get(code="CP"), *period)
        assert result.differences == []
        assert result.service_counts == result.event_counts
        assert result.day_counts == result.service_counts and result.day_count_differences == []
        assert result.service_counts["received.total"] > 0
    code, out, _ = run("--unit", "CP", "--from", "2024-12-01", "--to", "2024-12-31")
    assert code == 0 and "0 khác biệt" in out and "resolved.late" in out


def test_a_dossier_changed_behind_the_services_back_is_reported(december):
    late = december.d["late"]
    Dossier.objects.filter(pk=late.pk).update(timeliness="on_time")
    Dossier.objects.filter(pk=december.d["post"].pk).update(channel="online")
    code, out, err = run("--unit", "CP-CTR", "--from", "2024-12-01", "--to", "2024-12-31")
    assert code == 1 and "khác biệt" in err
    assert f"{late.code}: resolved.late — dịch vụ thống kê: không, nhật ký sự kiện: có" in out
    assert f"{late.code}: resolved.on_time — dịch vụ thống kê: có, nhật ký sự kiện: không" in out
    assert f"{december.d['post'].code}: received.online" in out
    # The day counts (decision 0054) were not told either: reported, and repaired by a rebuild.
    assert "Số liệu theo ngày khác số đếm trên hồ sơ" in err and "resolved.late" in err and "received.online" in err
    call_command("build_stats_summary")
    code, out, err = run("--unit", "CP-CTR", "--from", "2024-12-01", "--to", "2024-12-31")
    assert code == 1 and "Số liệu theo ngày" not in err  # the events still disagree with the changed rows


def test_a_dossier_without_its_events_is_reported(december):
    template = december.d["early"]
    ghost = Dossier.objects.create(
        code="CP-CTR-MC-241210-0099", procedure=template.procedure, procedure_version=template.procedure_version,
        reception_unit=template.reception_unit, current_unit=template.reception_unit, channel="counter",
        status="received", applicant_name="Không có nhật ký", received_at=template.received_at, submitted_at=template.received_at,
    )
    result = compare(Unit.objects.get(code="CP-CTR-MC"), date(2024, 12, 1), date(2024, 12, 31))
    assert {(d.code, d.figure) for d in result.differences} >= {(ghost.code, "received.new"), (ghost.code, "in_progress.total")}
    assert all(d.service and not d.events for d in result.differences)


@pytest.mark.parametrize(("args", "message"), [
    (("--unit", "NOPE", "--from", "2024-12-01", "--to", "2024-12-31"), "NOPE"),
    (("--unit", "CP", "--from", "2024-12-31", "--to", "2024-12-01"), "from"),
])
def test_bad_arguments_are_refused(city, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("recompute_stats", *args)
