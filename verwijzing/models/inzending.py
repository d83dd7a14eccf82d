"""Form tokens that were used: one row per form post."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Inzending(models.Model):
    """A form token that was used: a form carries a fresh token per render, so a double click or two
    concurrent posts of the same form create one row (the unique token decides, inside the transaction
    that creates the row)."""

    token = models.UUIDField(unique=True)
    gebruiker = models.ForeignKey("accounts.Gebruiker", on_delete=models.CASCADE, related_name="+")
    doel_url = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formulierinzending")
        verbose_name_plural = _("formulierinzendingen")

    def __str__(self) -> str:
        return str(self.token)
