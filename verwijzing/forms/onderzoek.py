"""The onderzoek (vraagverheldering): its report."""

from django import forms

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
