"""The melding: the form that opens a dossier."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisaties.models import Domein, Gemeente
from toegang.forms import DatumField, NLDSFormMixin, gemeenten_van
from toegang.idempotent import EenmaligFormMixin

from ..models import Kanaal, Melder


class MeldingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Verantwoordelijke gemeente"),
        queryset=Gemeente.objects.none(),
        empty_label=None,
        help_text=_(
            "Volgens het woonplaatsbeginsel: bij verblijf de gemeente waar de jeugdige vóór het verblijf woonde."
        ),
    )
    domein = forms.ChoiceField(label=_("Domein"), choices=Domein.choices)
    meldingsdatum = DatumField(label=_("Datum melding"))
    kanaal = forms.ChoiceField(label=_("Kanaal"), choices=Kanaal.choices)
    melder = forms.ChoiceField(label=_("Melder"), choices=Melder.choices)
    melder_naam = forms.CharField(label=_("Naam melder"), max_length=200, required=False)
    hulpvraag = forms.CharField(
        label=_("Hulpvraag"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Beschrijf de hulpvraag.")},
    )
    gezag_en_vertegenwoordiging = forms.CharField(
        label=_("Gezag en vertegenwoordiging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    clientondersteuning_aangeboden = forms.BooleanField(
        label=_("(Onafhankelijke) cliëntondersteuning aangeboden"), required=False
    )
    persoonlijk_plan_aangeboden = forms.BooleanField(
        label=_("Persoonlijk plan aangeboden (alleen Wmo)"), required=False
    )
    ontvangstbevestiging_op = DatumField(label=_("Ontvangstbevestiging verstuurd op (alleen Wmo)"), required=False)

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten_van(gebruiker)
        self.fields["domein"].choices = [(d, label) for d, label in Domein.choices if d in gebruiker.domeinen]
        self.fields["meldingsdatum"].initial = timezone.localdate()

    def clean_meldingsdatum(self):
        datum = self.cleaned_data["meldingsdatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van de melding ligt in de toekomst."))
        return datum

    def clean(self):
        data = super().clean()
        if data.get("domein") == "jeugd" and (
            data.get("persoonlijk_plan_aangeboden") or data.get("ontvangstbevestiging_op")
        ):
            self.add_error("domein", _("Persoonlijk plan en ontvangstbevestiging horen bij een Wmo-melding."))
        return data
