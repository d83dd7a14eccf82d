from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisaties.models import Domein, Gemeente
from toegang.forms import DatumInput, NLDSFormMixin

from .models import Kanaal, Melder, Onderzoek


class MeldingForm(NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Verantwoordelijke gemeente"),
        queryset=Gemeente.objects.none(),
        empty_label=None,
        help_text=_(
            "Volgens het woonplaatsbeginsel: bij verblijf de gemeente waar de jeugdige vóór het verblijf woonde."
        ),
    )
    domein = forms.ChoiceField(label=_("Domein"), choices=Domein.choices)
    meldingsdatum = forms.DateField(
        label=_("Datum melding"), widget=DatumInput(), error_messages={"invalid": _("Vul een bestaande datum in.")}
    )
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
    ontvangstbevestiging_op = forms.DateField(
        label=_("Ontvangstbevestiging verstuurd op (alleen Wmo)"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Vul een bestaande datum in.")},
    )

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(lidmaatschappen__gebruiker=gebruiker).order_by(
            "naam"
        )
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


class AfsluitenForm(NLDSFormMixin, forms.Form):
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
