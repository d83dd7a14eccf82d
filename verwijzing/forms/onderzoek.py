"""The onderzoek (vraagverheldering): its report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import NLDSFormMixin

from ..models import Onderzoek


class OnderzoekForm(NLDSFormMixin, forms.ModelForm):
    class Meta:
        model = Onderzoek
        fields = [
            "hulpvraag",
            "beperkingen",
            "eigen_kracht",
            "sociaal_netwerk",
            "voorliggend",
            "wlz",
            "bekostiging",
            "advies_externen",
            "conclusie",
        ]
        widgets = {veld: forms.Textarea(attrs={"rows": 3}) for veld in fields if veld != "bekostiging"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A concept may be saved half-filled, but afronden needs these (Onderzoek.VERPLICHT): the form says so
        # instead of "(niet verplicht)".
        for naam in Onderzoek.VERPLICHT:
            veld = self.fields[naam]
            veld.voorwaardelijk = True
            veld.help_text = _("Nodig om het onderzoek af te ronden.")
