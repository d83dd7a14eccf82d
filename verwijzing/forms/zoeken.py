"""The dossier search: one field for a name, a BSN, a dossiernummer or a toewijzingnummer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import NLDSFormMixin


class DossierZoekForm(NLDSFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Zoekterm"),
        max_length=200,
        help_text=_("Het begin van de achternaam, een BSN, een dossiernummer of een toewijzingnummer."),
        error_messages={"required": _("Vul een achternaam, BSN, dossiernummer of toewijzingnummer in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_q(self):
        q = self.cleaned_data["q"].strip()
        if len(q) < 2 and not q.isdigit():
            raise forms.ValidationError(_("Vul minstens twee letters van de achternaam in."))
        return q
