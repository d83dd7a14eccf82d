"""Re-matching before the plan is signed: another aanbieder, the gemeente's decision, withdrawing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisaties.models import Aanbieder
from producten.selectors import leverbare_aanbieders
from toegang.forms import NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import Matchingsbesluit
from .indicatie import ROUTES, IndicatieForm, omvang_initial


class AndereAanbiederForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    """Another aanbieder for the indicatie after a niet passend: a contracted one for its product on its
    ingangsdatum, or the route niet gecontracteerd aanbod with its motivering (Handboek verwijzers jeugdhulp
    §1.1.2.3 (r. 1993–2069))."""

    aanbieder_route = forms.ChoiceField(
        label=_("Soort aanbieder"), choices=ROUTES, initial="gecontracteerd", widget=forms.RadioSelect
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Andere aanbieder"),
        queryset=Aanbieder.objects.none(),
        required=False,
        empty_label=_("Kies een aanbieder"),
        help_text=_("Alleen aanbieders met een contract voor dit product op de ingangsdatum."),
    )
    aanbieder_niet_gecontracteerd = forms.ModelChoiceField(
        label=_("Aanbieder van het niet gecontracteerde aanbod"),
        queryset=Aanbieder.objects.order_by("naam"),
        required=False,
        empty_label=_("Kies een aanbieder"),
    )
    motivering_niet_gecontracteerd = forms.CharField(
        label=_("Motivering niet gecontracteerd aanbod"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    geen_gecontracteerde = False  # True: no other aanbieder has a contract for the product on the ingangsdatum

    def __init__(self, *args, indicatie=None, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("aanbieder", "aanbieder_niet_gecontracteerd", "motivering_niet_gecontracteerd"):
            self.fields[naam].voorwaardelijk = True
        if indicatie is None:
            return
        gevraagd = indicatie.matchingsverzoeken.values("aanbieder_id")
        leverbaar = leverbare_aanbieders(
            product=indicatie.product, gemeente=indicatie.dossier.gemeente, ingangsdatum=indicatie.ingangsdatum
        )
        self.fields["aanbieder"].queryset = leverbaar.exclude(pk__in=gevraagd)
        self.fields["aanbieder_niet_gecontracteerd"].queryset = (
            Aanbieder.objects.exclude(pk__in=leverbaar.values("pk")).exclude(pk__in=gevraagd).order_by("naam")
        )
        if not self.fields["aanbieder"].queryset.exists():
            # No other contracted aanbieder: no empty list to choose from; the page names the ways out.
            self.geen_gecontracteerde = True
            del self.fields["aanbieder"]
            self.fields["aanbieder_route"].choices = [c for c in ROUTES if c[0] == "niet_gecontracteerd"]
            self.fields["aanbieder_route"].initial = "niet_gecontracteerd"
            self.fields["aanbieder_route"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if self.geen_gecontracteerde:
            data["aanbieder_route"] = "niet_gecontracteerd"
        nga = data.get("aanbieder_route") == "niet_gecontracteerd"
        veld = "aanbieder_niet_gecontracteerd" if nga else "aanbieder"
        if not data.get(veld):
            self.add_error(veld, _("Kies de andere aanbieder."))
        if nga and not (data.get("motivering_niet_gecontracteerd") or "").strip():
            self.add_error(
                "motivering_niet_gecontracteerd",
                _("Motiveer waarom geen gecontracteerde aanbieder hetzelfde kan bieden."),
            )
        return data

    def keuze(self) -> dict:
        """The arguments of `matchingsverzoek_opnieuw`."""
        d = self.cleaned_data
        if d["aanbieder_route"] == "niet_gecontracteerd":
            return {
                "aanbieder": d["aanbieder_niet_gecontracteerd"],
                "niet_gecontracteerd": True,
                "motivering_niet_gecontracteerd": d["motivering_niet_gecontracteerd"],
            }
        return {"aanbieder": d["aanbieder"]}


class MatchingsbesluitForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit van de gemeente"),
        choices=Matchingsbesluit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het besluit van de gemeente.")},
    )
    reden = forms.CharField(
        label=_("Reden van het besluit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Geef de reden van het besluit.")},
    )


class IntrekkenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    reden = forms.CharField(
        label=_("Reden van de intrekking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Geef de reden van de intrekking.")},
    )


class IndicatieWijzigenForm(IndicatieForm):
    """The indicatie form, prefilled, with the reason of the change."""

    reden_wijziging = forms.CharField(
        label=_("Reden van de wijziging"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Geef de reden van de wijziging.")},
    )

    @staticmethod
    def initial_van(indicatie) -> dict:
        nga = indicatie.niet_gecontracteerd
        return {
            "product": indicatie.product_id,
            **omvang_initial(indicatie),
            "ingangsdatum": indicatie.ingangsdatum,
            "einddatum": indicatie.einddatum,
            "aanbieder_route": "niet_gecontracteerd" if nga else "gecontracteerd",
            "aanbieder": None if nga else indicatie.aanbieder_id,
            "aanbieder_niet_gecontracteerd": indicatie.aanbieder_id if nga else None,
            "motivering_niet_gecontracteerd": indicatie.motivering_niet_gecontracteerd,
            "bekostiging": indicatie.bekostiging,
            "motivering": indicatie.motivering,
        }
