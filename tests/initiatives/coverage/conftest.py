import pytest

from tests.initiatives.coverage.dashboard_map import make_area


@pytest.fixture
def area(db):
    """Campuses Alfa and Beta with initiatives, schools and sessions at known distances."""
    return make_area()
