"""The demo city for the history tests (the dossiers' helpers are reused)."""
from tests.dossiers.conftest import city  # noqa: F401  (fixture)
