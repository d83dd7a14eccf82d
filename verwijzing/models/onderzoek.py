"""The onderzoek: the structured verslag of the vraagverheldering or the Wmo-onderzoek."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .melding import Dossier


class Onderzoek(models.Model):
    """The structured verslag of the vraagverheldering (Jeugd, Handboek verwijzers jeugdhulp §1.1.1 (r. 187–233)) or the
    Wmo-onderzoek (002, hoofdstuk 1): saved as a concept until the consulent completes it."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="onderzoek")
    hulpvraag = models.TextField(_("hulpvraag"), blank=True)
    beperkingen = models.TextField(_("beperkingen en problemen"), blank=True)
    eigen_kracht = models.TextField(_("eigen kracht"), blank=True)
    sociaal_netwerk = models.TextField(_("sociaal netwerk"), blank=True)
    voorliggend = models.TextField(_("voorliggende en algemene voorzieningen"), blank=True)
    wlz = models.TextField(_("afweging Wlz"), blank=True)
    bekostiging = models.CharField(
        _("zorg in natura of PGB"),
        max_length=10,
        blank=True,
        choices=[("zin", _("Zorg in natura")), ("pgb", _("Persoonsgebonden budget"))],
    )
    advies_externen = models.TextField(_("advies van externen"), blank=True)
    conclusie = models.TextField(_("conclusie"), blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    VERPLICHT = (
        "hulpvraag",
        "beperkingen",
        "eigen_kracht",
        "sociaal_netwerk",
        "voorliggend",
        "wlz",
        "bekostiging",
        "conclusie",
    )

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")

    def __str__(self) -> str:
        return f"Onderzoek dossier {self.dossier_id}"

    @property
    def ontbrekend(self) -> list[str]:
        return [str(self._meta.get_field(v).verbose_name) for v in self.VERPLICHT if not getattr(self, v).strip()]

    @property
    def is_compleet(self) -> bool:
        return not self.ontbrekend
