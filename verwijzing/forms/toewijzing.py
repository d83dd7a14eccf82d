"""The changes to a toewijzing after the beschikking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Frequentie
from ..toewijzing import REDEN_INTREKKEN
from .velden import tekstveld


class OprekkenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    einddatum = DatumField(label=_("Nieuwe einddatum"))
    reden = tekstveld(_("Motivering verlenging"), rows=2, fout=_("Motiveer de verlenging."))


class GarantiefaseForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    reden = tekstveld(_("Reden garantiefase"), rows=2, fout=_("Geef de reden van de garantiefase."))


class IntrekkenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    einddatum = DatumField(label=_("Nieuwe (eerdere) einddatum"))
    reden_wijziging = forms.ChoiceField(
        label=_("Reden wijziging (gaat mee in de 301)"),
        choices=lambda: [(code, f"{code} {tekst}") for code, tekst in REDEN_INTREKKEN.items()],
        initial="05",
    )
    reden = tekstveld(_("Motivering intrekking"), rows=2, fout=_("Motiveer de intrekking."))


class VerwijderenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    reden = tekstveld(_("Reden verwijderen"), rows=2, fout=_("Geef de reden van het verwijderen."))


class OmvangForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    ingangsdatum = DatumField(label=_("Nieuwe omvang gaat in op"))
    volume = forms.IntegerField(label=_("Volume"), required=False, min_value=1)
    frequentie = forms.ChoiceField(label=_("Frequentie"), choices=[("", "—"), *Frequentie.choices], required=False)
    budget = forms.DecimalField(label=_("Budget (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    reden = tekstveld(_("Motivering wijziging"), rows=2, fout=_("Motiveer de wijziging."))

    def clean(self):
        d = super().clean()
        if d.get("volume") is not None and d.get("budget") is not None:
            raise forms.ValidationError(_("Geef een omvang of een budget, niet allebei."))
        if d.get("volume") is not None and not d.get("frequentie"):
            self.add_error("frequentie", _("Kies de frequentie bij het volume."))
        return d
