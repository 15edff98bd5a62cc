"""The environment of a child process started by a test: the one an installation gets, not the test run's.

The test run sets things an installation never has (the browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE
for Playwright's event loop; the suite sets MOTCUA_* and DATABASE_URL for its own database). A child
`manage.py` or gunicorn started with them would be checked against a start no deployment makes.
"""
import os

TEST_RUN_ONLY = ("MOTCUA_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def installation_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(TEST_RUN_ONLY)}
    env.update(overrides)
    return env
