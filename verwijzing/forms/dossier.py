"""Forms on the dossier page itself, whatever its stage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import NLDSFormMixin


class AfsluitenForm(NLDSFormMixin, forms.Form):
    # No `required` attribute: the browser would mark the empty Toelichting invalid (red) before anyone
    # typed or submitted; aria-required still tells a screen reader, the server's error says what is missing.
    use_required_attribute = False

    soort = forms.ChoiceField(
        label=_("Afsluiten omdat"),
        choices=[
            ("voorliggend", _("Een voorliggende voorziening of het netwerk beantwoordt de hulpvraag")),
            ("wlz", _("De Wlz beantwoordt de hulpvraag")),
            ("ingetrokken", _("De inwoner trekt de melding in")),
            ("buiten_behandeling", _("Buiten behandeling: aanvraag niet aangevuld binnen de hersteltermijn (Awb 4:5)")),
        ],
    )
    reden = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef de reden van het afsluiten.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            veld.widget.attrs["aria-required"] = "true"
