"""The format (blauw deel) the aanbieder sends back after the matchingsgesprek."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin
from verwijzing.models import GesprekVorm


class BlauwDeelForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    passend = forms.TypedChoiceField(
        label=_("Is de gevraagde hulp passend?"),
        # No answer preselected: the aanbieder decides, a tired click must not say "passend".
        choices=[("", _("Kies ja of nee")), ("ja", _("Ja, passend")), ("nee", _("Nee, niet passend"))],
        coerce=lambda v: v == "ja",
        widget=forms.Select,
        error_messages={"required": _("Kies ja of nee.")},
    )
    gesprek_op = DatumField(
        label=_("Gesprek gevoerd op"), error_messages={"required": _("Vul de datum van het gesprek in.")}
    )
    gesprek_vorm = forms.ChoiceField(label=_("Vorm van het gesprek"), choices=GesprekVorm.choices)
    deelnemers = forms.CharField(
        label=_("Deelnemers"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: inwoner, ouders, aanbieder, consulent."),
    )
    inschatting_traject = forms.CharField(
        label=_("Inschatting van het te volgen traject"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    verwachte_startdatum = DatumField(
        label=_("Verwachte startdatum"), required=False, help_text=_("Verplicht als de hulp passend is.")
    )
    reden_niet_passend = forms.CharField(
        label=_("Reden als de hulp niet passend is"),
        required=False,
        help_text=_("Verplicht als de hulp niet passend is."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, ingangsdatum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ingangsdatum = ingangsdatum
        if ingangsdatum:
            self.fields["verwachte_startdatum"].help_text = _(
                "Verplicht als de hulp passend is; niet vóór de ingangsdatum van de indicatie (%(datum)s)."
            ) % {"datum": f"{ingangsdatum:%d-%m-%Y}"}
        # Required depending on the answer to "passend": the form says when, not "(niet verplicht)".
        for naam in ("verwachte_startdatum", "reden_niet_passend"):
            self.fields[naam].voorwaardelijk = True

    def clean(self):
        data = super().clean()
        if data.get("passend") is True and not data.get("verwachte_startdatum"):
            self.add_error("verwachte_startdatum", _("Geef de verwachte startdatum."))
        start = data.get("verwachte_startdatum")
        if data.get("passend") is True and start and self.ingangsdatum and start < self.ingangsdatum:
            self.add_error(
                "verwachte_startdatum",
                _("De verwachte startdatum ligt vóór de ingangsdatum van de indicatie (%(datum)s).")
                % {"datum": f"{self.ingangsdatum:%d-%m-%Y}"},
            )
        if data.get("passend") is False and not (data.get("reden_niet_passend") or "").strip():
            self.add_error("reden_niet_passend", _("Geef de reden waarom de hulp niet passend is."))
        return data
