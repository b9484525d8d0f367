# The admin is split by area: the catalogue (initiatives, providers, sessions, vocabularies)
# and, later, bookings. Each module registers its own ModelAdmins.
from . import (
    bookings,  # noqa: F401
    catalog,  # noqa: F401
    review,  # noqa: F401
    users,  # noqa: F401
)
