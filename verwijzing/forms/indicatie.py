"""The indicatie: what the consulent proposes, checked by the rules beside the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Aanbieder, Domein
from producten.models import Product
from producten.selectors import gecontracteerde_aanbieders, leverbare_aanbieders
from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Bekostiging, Frequentie

# The choice of aanbieder (Handboek verwijzers jeugdhulp §1.1.2.3 (r. 1993–2069)): a contracted one, or the
# separate route niet gecontracteerd aanbod with its own motivering.
ROUTES = [
    ("gecontracteerd", _("Gecontracteerde aanbieder")),
    ("niet_gecontracteerd", _("Niet gecontracteerd aanbod (aparte route)")),
]


class IndicatieForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        empty_label=_("Kies een product"),
        error_messages={"required": _("Kies een product.")},
    )
    volume = forms.IntegerField(
        label=_("Volume"),
        required=False,
        min_value=1,
        max_value=99_999_999,
        error_messages={"invalid": _("Een volume is een heel getal.")},
    )
    frequentie = forms.ChoiceField(
        label=_("Frequentie"), required=False, choices=[("", _("—"))] + list(Frequentie.choices)
    )
    budget = forms.DecimalField(label=_("Budget (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    ingangsdatum = DatumField(label=_("Ingangsdatum"), error_messages={"required": _("Vul de ingangsdatum in.")})
    einddatum = DatumField(label=_("Einddatum"), required=False)
    aanbieder_route = forms.ChoiceField(
        label=_("Soort aanbieder"),
        choices=ROUTES,
        initial="gecontracteerd",
        required=False,
        widget=forms.RadioSelect,
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Nog niet gekozen"),
        help_text=_("Alleen aanbieders met een contract voor dit product op de ingangsdatum."),
        error_messages={
            "invalid_choice": _(
                "Deze aanbieder is niet gecontracteerd voor dit product op de ingangsdatum. Kies een aanbieder uit de "
                "lijst, of de route niet gecontracteerd aanbod."
            )
        },
    )
    aanbieder_niet_gecontracteerd = forms.ModelChoiceField(
        label=_("Aanbieder van het niet gecontracteerde aanbod"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Nog niet gekozen"),
    )
    motivering_niet_gecontracteerd = forms.CharField(
        label=_("Motivering niet gecontracteerd aanbod"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "Waarom geen gecontracteerde aanbieder hetzelfde kan bieden of hetzelfde resultaat kan bereiken "
            "(Handboek verwijzers jeugdhulp §1.1.2.3.1)."
        ),
    )
    bekostiging = forms.ChoiceField(label=_("Bekostiging"), choices=Bekostiging.choices, initial=Bekostiging.ZIN)
    motivering = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Nodig bij een voorwaardelijke uitkomst en bij de hardheidsclausule."),
    )
    hardheidsclausule = forms.BooleanField(label=_("Hardheidsclausule inroepen"), required=False)
    akkoord_client = forms.BooleanField(label=_("Cliënt is akkoord"), required=False)
    akkoord_verwijzer = forms.BooleanField(label=_("Verwijzer is akkoord"), required=False)

    def __init__(self, *args, domein: str, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(domein=domein).order_by("code")
        self.fields["product"].label_from_instance = lambda p: f"{p.code} {p.naam}"
        self.gemeente = gemeente if domein == Domein.JEUGD else None
        for naam in ("aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
            self.fields[naam].voorwaardelijk = True
        if self.gemeente is None:
            for naam in ("aanbieder_route", "aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
                del self.fields[naam]
            self.fields["aanbieder"].help_text = ""
            return
        gekozen = self._gekozen()
        if gekozen:
            self.fields["aanbieder"].queryset = leverbare_aanbieders(gemeente=self.gemeente, **gekozen)
        else:  # product or ingangsdatum not yet known: those contracted in the gemeente; validated once known
            self.fields["aanbieder"].queryset = gecontracteerde_aanbieders(gemeente=self.gemeente, domein=domein)

    def _gekozen(self) -> dict | None:
        """The product and ingangsdatum on the form, read before validation so the aanbieder list follows them."""
        bron = self.data if self.is_bound else self.initial
        try:
            product = self.fields["product"].clean(bron.get(self.add_prefix("product")))
            ingangsdatum = self.fields["ingangsdatum"].clean(bron.get(self.add_prefix("ingangsdatum")))
        except forms.ValidationError:
            return None
        return {"product": product, "ingangsdatum": ingangsdatum}

    def niet_gecontracteerd(self) -> bool:
        return self.gemeente is not None and self.cleaned_data.get("aanbieder_route") == "niet_gecontracteerd"

    def route(self) -> dict:
        """The route niet gecontracteerd aanbod and its motivering, as `indicatie_voorstellen` takes them."""
        if not self.niet_gecontracteerd():
            return {}
        return {
            "niet_gecontracteerd": True,
            "motivering_niet_gecontracteerd": self.cleaned_data.get("motivering_niet_gecontracteerd", ""),
        }

    def _clean_route(self, data) -> None:
        if not self.niet_gecontracteerd():
            return
        if data.get("aanbieder"):
            self.add_error("aanbieder", _("Kies bij niet gecontracteerd aanbod de aanbieder in het veld daarvoor."))
        if not data.get("aanbieder_niet_gecontracteerd"):
            self.add_error("aanbieder_niet_gecontracteerd", _("Kies de aanbieder van het niet gecontracteerde aanbod."))
        if not (data.get("motivering_niet_gecontracteerd") or "").strip():
            self.add_error(
                "motivering_niet_gecontracteerd",
                _("Motiveer waarom geen gecontracteerde aanbieder hetzelfde kan bieden."),
            )

    def clean(self):
        data = super().clean()
        begin, eind = data.get("ingangsdatum"), data.get("einddatum")
        if begin and eind and eind < begin:
            self.add_error("einddatum", _("De einddatum ligt vóór de ingangsdatum."))
        self._clean_route(data)
        if data.get("volume") and data.get("budget") is not None:
            self.add_error("budget", _("Geef een omvang of een budget, niet allebei (iJw CD077/CD078)."))
        if data.get("volume") and not data.get("frequentie"):
            self.add_error("frequentie", _("Kies de frequentie bij het volume."))
        if data.get("frequentie") == Frequentie.PER_WEEK and not eind:
            self.add_error("einddatum", _("Bij een frequentie per week is een einddatum verplicht (iJw CD076)."))
        if data.get("budget") is not None and not eind:
            self.add_error("einddatum", _("Bij een budget is een einddatum verplicht (iJw CD075)."))
        product = data.get("product")
        if (
            product
            and product.eenheid not in {"traject", "jaartraject"}
            and not data.get("volume")
            and data.get("budget") is None
        ):
            self.add_error("volume", _("Vul het volume in (of een budget)."))
        return data

    def gegevens(self) -> dict:
        d = self.cleaned_data
        volume, frequentie = d.get("volume"), d.get("frequentie") or ""
        if d["product"].eenheid in {"traject", "jaartraject"} and volume is None and d.get("budget") is None:
            volume, frequentie = 1, Frequentie.TOTAAL  # a traject is one output for the whole period
        return {
            "product": d["product"],
            "volume": volume,
            "frequentie": frequentie,
            "budget": d.get("budget"),
            "ingangsdatum": d["ingangsdatum"],
            "einddatum": d.get("einddatum"),
            "aanbieder": d.get("aanbieder_niet_gecontracteerd") if self.niet_gecontracteerd() else d.get("aanbieder"),
            "bekostiging": d["bekostiging"],
        }


# Which field a finding belongs beside on the form.
VELD_VAN_REGEL = {
    "CONTRACT": "aanbieder",
    "LEEFTIJD-MIN": "ingangsdatum",
    "LEEFTIJD-MAX": "ingangsdatum",
    "LEEFTIJD-MAX-EINDDATUM": "einddatum",
    "DUUR-MAX": "einddatum",
    "PERCEEL-LOKAAL": "product",
    "BIJZONDERE-TOEGANG": "product",
}
