from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Netzwerk")

    def ready(self):
        from networks import signals  # noqa: F401 - connects the group mirror
