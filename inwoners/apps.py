from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InwonersConfig(AppConfig):
    name = "inwoners"
    verbose_name = _("Inwoners")
