from tests.dossiers.conftest import act, city, local, receive  # noqa: F401  (city is a fixture)
