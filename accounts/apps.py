from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import cache, signals  # noqa: F401  (cache: its receivers drop changed accounts)

        # No sender: run after every app's migrations, so the permissions of apps migrated after
        # this one exist by the last call.
        post_migrate.connect(signals.zorg_voor_beheergroep, dispatch_uid="toegang-beheergroep")
