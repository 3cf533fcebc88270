from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from networks import views as network_views
from rheine_integration import accessibility, twofactor
from rheine_integration.health import health

urlpatterns = [
    path("", network_views.home, name="home"),
    path("health/", health, name="health"),
    path("barrierefreiheit/", accessibility.statement, name="accessibility"),
    path("konto/sitzung/verlaengern/", accessibility.session_extend, name="session_extend"),
    path("konto/anmelden/", network_views.LoginView.as_view(), name="login"),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/zwei-faktor/einrichten/", twofactor.otp_setup, name="otp_setup"),
    path("konto/zwei-faktor/code/", twofactor.otp_verify, name="otp_verify"),
    path("konto/passwort/", include("networks.password_urls")),
    path("faelle/", include("cases.urls")),
    path("netzwerk/", include("networks.urls")),
    path("steuerung/", include("steering.urls")),
    path("verwaltung/", admin.site.urls),
]
