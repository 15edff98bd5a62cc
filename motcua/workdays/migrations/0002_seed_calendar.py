"""Seed the national calendar 2018–2027 from motcua/workdays/data/vn-calendar.json (confirmed)."""
import json
from pathlib import Path

from django.db import migrations

CALENDAR_FILE = Path(__file__).resolve().parent.parent / "data" / "vn-calendar.json"


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    raw = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    for year, days in raw["years"].items():
        if CalendarYear.objects.filter(year=int(year)).exists():
            continue
        cy = CalendarYear.objects.create(
            year=int(year), confirmed=True, source="file", note=raw.get("source", "")[:1000]
        )
        rows = [CalendarDay(calendar_year=cy, date=r["date"], kind="day_off", name=r["name"]) for r in days["days_off"]]
        rows += [
            CalendarDay(calendar_year=cy, date=r["date"], kind="working_day", name=r["name"])
            for r in days["working_weekend_days"]
        ]
        CalendarDay.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
