"""The public lookup's and feedback's rate limits are set by the environment of the installation
(MOTCUA_LOOKUP_RATE, MOTCUA_FEEDBACK_RATE; README), with their defaults when unset; the throttles read
the setting (the per-request behaviour is tested in tests/lookup and tests/feedback)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.dossiers_web.throttles import LookupThrottle
from motcua.feedback.throttling import FeedbackThrottle
from tests.processes import installation_env

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, django; from django.conf import settings; "
    "print(json.dumps([settings.MOTCUA_LOOKUP_RATE, settings.MOTCUA_FEEDBACK_RATE]))"
)


def _rates(**env: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, capture_output=True, text=True, check=True,
        env=installation_env(DJANGO_SETTINGS_MODULE="motcua.settings", **env),
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(("env", "expected"), [
    ({}, ["30/minute", "5/hour"]),
    ({"MOTCUA_LOOKUP_RATE": "120/minute", "MOTCUA_FEEDBACK_RATE": "20/day"}, ["120/minute", "20/day"]),
])
def test_the_rates_are_read_from_the_environment(env, expected):
    assert _rates(**env) == expected


def test_the_throttles_use_the_settings(settings):
    settings.MOTCUA_LOOKUP_RATE, settings.MOTCUA_FEEDBACK_RATE = "7/minute", "3/day"
    assert (LookupThrottle().num_requests, LookupThrottle().duration) == (7, 60)
    assert (FeedbackThrottle().num_requests, FeedbackThrottle().duration) == (3, 86400)
