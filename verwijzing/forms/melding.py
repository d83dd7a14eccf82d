"""The melding: the form that opens a dossier."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisaties.models import Domein, Gemeente
from toegang.forms import DatumField, NLDSFormMixin, gemeenten_van
from toegang.idempotent import EenmaligFormMixin

from ..melding import woonplaats_voorstel
from ..models import Kanaal, Melder


class MeldingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Verantwoordelijke gemeente"),
        queryset=Gemeente.objects.none(),
        empty_label=None,
        help_text=_("Het voorstel volgt het woonplaatsbeginsel; kiest u een andere gemeente, geef dan de reden."),
    )
    afwijking_reden = forms.CharField(
        label=_("Reden van afwijken van het woonplaatsbeginsel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Verplicht als u een andere gemeente kiest dan het voorstel."),
    )
    domein = forms.ChoiceField(label=_("Domein"), choices=Domein.choices)
    verblijf = forms.BooleanField(
        label=_("Jeugdhulp met verblijf (alleen Jeugd)"),
        required=False,
        help_text=_(
            "Bij een jeugdhulpaanbieder, pleegouder, in opvang of beschermd wonen, een JJI of een moederkindhuis."
        ),
    )
    gemeente_voor_verblijf = forms.ModelChoiceField(
        label=_("Gemeente van het BRP-adres direct vóór het verblijf"),
        queryset=Gemeente.objects.order_by("naam"),
        required=False,
        help_text=_("Verplicht bij jeugdhulp met verblijf."),
    )
    gemeente_moeder_bij_geboorte = forms.ModelChoiceField(
        label=_("Gemeente waar de moeder bij de geboorte stond ingeschreven"),
        queryset=Gemeente.objects.order_by("naam"),
        required=False,
        help_text=_("Alleen nodig als er geen bruikbaar BRP-adres is."),
    )
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

    field_order = [
        "domein",
        "verblijf",
        "gemeente_voor_verblijf",
        "gemeente_moeder_bij_geboorte",
        "gemeente",
        "afwijking_reden",
    ]

    def __init__(self, *args, gebruiker, inwoner, **kwargs):
        super().__init__(*args, **kwargs)
        self.inwoner = inwoner
        for naam in ("afwijking_reden", "gemeente_voor_verblijf"):  # required by another answer: it says when
            self.fields[naam].voorwaardelijk = True
        self.fields["gemeente"].queryset = gemeenten_van(gebruiker)
        self.fields["domein"].choices = [(d, label) for d, label in Domein.choices if d in gebruiker.domeinen]
        self.fields["meldingsdatum"].initial = timezone.localdate()
        # The suggestion shown before anything is filled in: from the BRP-adres, for the first domain offered.
        self.voorstel = woonplaats_voorstel(inwoner=inwoner, domein=self.fields["domein"].choices[0][0])
        if self.voorstel.gemeente and self.voorstel.gemeente in self.fields["gemeente"].queryset:
            self.fields["gemeente"].initial = self.voorstel.gemeente

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
        if data.get("domein") == "wmo" and (data.get("verblijf") or data.get("gemeente_voor_verblijf")):
            self.add_error("verblijf", _("Jeugdhulp met verblijf hoort bij een Jeugd-melding."))
        if data.get("verblijf") and not data.get("gemeente_voor_verblijf"):
            self.add_error(
                "gemeente_voor_verblijf",
                _("Kies de gemeente van het BRP-adres direct vóór het verblijf (Handboek verwijzers jeugdhulp §2.2)."),
            )
        # The suggestion follows what was filled in, also when another field still has an error.
        if data.get("domein") and not any(self.has_error(v) for v in ("verblijf", "gemeente_voor_verblijf")):
            self.voorstel = woonplaats_voorstel(
                inwoner=self.inwoner,
                domein=data["domein"],
                verblijf=data.get("verblijf", False),
                gemeente_voor_verblijf=data.get("gemeente_voor_verblijf"),
                gemeente_moeder_bij_geboorte=data.get("gemeente_moeder_bij_geboorte"),
            )
            gekozen, voorgesteld = data.get("gemeente"), self.voorstel.gemeente
            if voorgesteld and gekozen and gekozen != voorgesteld and not data.get("afwijking_reden", "").strip():
                self.add_error("afwijking_reden", self._afwijking_melding() % {"gemeente": voorgesteld})
        return data

    @property
    def afwijkend(self):
        """The chosen gemeente when it is not the suggested one and no reason is given yet (else None): the live
        suggestion says so before the submit does."""
        data = getattr(self, "cleaned_data", {})
        gekozen, voorgesteld = data.get("gemeente"), self.voorstel.gemeente
        if voorgesteld and gekozen and gekozen != voorgesteld and not data.get("afwijking_reden", "").strip():
            return gekozen
        return None

    @property
    def voorstel_elders(self) -> bool:
        """The suggested gemeente is not one the consulent works for, so it cannot be chosen here."""
        return self.voorstel.gemeente is not None and self.voorstel.gemeente not in self.fields["gemeente"].queryset

    def _afwijking_melding(self):
        if self.voorstel_elders:
            return _(
                "Volgens het woonplaatsbeginsel is %(gemeente)s verantwoordelijk; die gemeente kunt u hier niet "
                "kiezen. Verwijs de inwoner naar de toegang van %(gemeente)s, of geef de reden waarom uw gemeente "
                "de melding toch behandelt."
            )
        return _(
            "Volgens het woonplaatsbeginsel is %(gemeente)s verantwoordelijk. Kies die gemeente, "
            "of geef de reden waarom u afwijkt."
        )
