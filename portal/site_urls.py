from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]

# Staff: register an authenticator app for two-factor login (portal/two_factor.py).
from . import two_factor  # noqa: E402

urlpatterns += [path("account/tweestapsverificatie/", two_factor.setup, name="two-factor-setup")]
