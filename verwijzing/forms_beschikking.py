"""Forms of the beschikking, the beslistermijn, the signed-copy upload and the toewijzing changes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DatumInput, NLDSFormMixin

from .models import BeschikkingSoort, Frequentie, OpschortingGrond, Verzendkanaal
from .toewijzing import REDEN_INTREKKEN

DATUM_FOUT = {"invalid": _("Vul een bestaande datum in."), "required": _("Vul de datum in.")}


def _datum(label, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, widget=DatumInput(), error_messages=DATUM_FOUT, help_text=help_text
    )


def _tekst(label, required=True, rows=3, fout=None, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        help_text=help_text,
        error_messages={"required": fout or _("Vul dit veld in.")},
    )


class BeschikkingForm(NLDSFormMixin, forms.Form):
    soort = forms.ChoiceField(label=_("Besluit"), choices=BeschikkingSoort.choices, widget=forms.RadioSelect)
    toegekend = forms.ModelMultipleChoiceField(
        label=_("Toegekende producten"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bij een gedeeltelijke toekenning: vink aan wat u toekent."),
    )
    motivering = _tekst(_("Motivering"), rows=5, fout=_("Motiveer de beschikking (Awb 3:46)."))
    horen_op = _datum(
        _("Zienswijze gevraagd op"), required=False, help_text=_("Bij (gedeeltelijke) afwijzing, Awb 4:7.")
    )
    zienswijze = _tekst(_("Zienswijze van de aanvrager"), required=False)
    horen_niet_nodig = _tekst(
        _("Of: waarom horen niet nodig is"),
        required=False,
        help_text=_("Bijvoorbeeld: de afwijzing steunt alleen op gegevens die de aanvrager zelf gaf (Awb 4:7)."),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toegekend"].queryset = dossier.indicaties.select_related("product").order_by("id")
        self.fields["toegekend"].label_from_instance = lambda i: f"{i.product.code} {i.product.naam}"


class BekendmakingForm(NLDSFormMixin, forms.Form):
    geadresseerden = forms.CharField(label=_("Geadresseerde(n)"), max_length=300)
    kanaal = forms.ChoiceField(label=_("Verzonden"), choices=Verzendkanaal.choices)
    verzonden_op = _datum(_("Verzonden op"))


class OpschortingForm(NLDSFormMixin, forms.Form):
    grond = forms.ChoiceField(label=_("Grond"), choices=OpschortingGrond.choices)
    vanaf = _datum(_("Opgeschort vanaf"))
    medegedeeld_op = _datum(_("Medegedeeld aan de aanvrager op"))
    reden = _tekst(_("Reden"), fout=_("Geef de reden van de opschorting."))


class HervattenForm(NLDSFormMixin, forms.Form):
    tot = _datum(_("Opschorting beëindigd op"))


class VerlengingForm(NLDSFormMixin, forms.Form):
    tot = _datum(_("Nieuwe uiterste datum"))
    medegedeeld_op = _datum(_("Medegedeeld aan de aanvrager op"))
    reden = _tekst(_("Reden"), fout=_("Geef de reden van de verlenging."))


class UploadForm(NLDSFormMixin, forms.Form):
    bestand = forms.FileField(
        label=_("Ondertekend leefzorgplan (PDF)"),
        error_messages={"required": _("Kies een PDF-bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    getekend_door = forms.CharField(label=_("Getekend door"), max_length=300)
    getekend_op = _datum(_("Getekend op"))


class OprekkenForm(NLDSFormMixin, forms.Form):
    einddatum = _datum(_("Nieuwe einddatum"))
    reden = _tekst(_("Motivering verlenging"), rows=2, fout=_("Motiveer de verlenging."))


class GarantiefaseForm(NLDSFormMixin, forms.Form):
    reden = _tekst(_("Reden garantiefase"), rows=2, fout=_("Geef de reden van de garantiefase."))


class IntrekkenForm(NLDSFormMixin, forms.Form):
    einddatum = _datum(_("Nieuwe (eerdere) einddatum"))
    reden_wijziging = forms.ChoiceField(
        label=_("Reden wijziging (gaat mee in de 301)"),
        choices=lambda: [(code, f"{code} {tekst}") for code, tekst in REDEN_INTREKKEN.items()],
        initial="05",
    )
    reden = _tekst(_("Motivering intrekking"), rows=2, fout=_("Motiveer de intrekking."))


class VerwijderenForm(NLDSFormMixin, forms.Form):
    reden = _tekst(_("Reden verwijderen"), rows=2, fout=_("Geef de reden van het verwijderen."))


class OmvangForm(NLDSFormMixin, forms.Form):
    ingangsdatum = _datum(_("Nieuwe omvang gaat in op"))
    volume = forms.IntegerField(label=_("Volume"), required=False, min_value=1)
    frequentie = forms.ChoiceField(label=_("Frequentie"), choices=[("", "—"), *Frequentie.choices], required=False)
    budget = forms.DecimalField(label=_("Budget (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    reden = _tekst(_("Motivering wijziging"), rows=2, fout=_("Motiveer de wijziging."))

    def clean(self):
        d = super().clean()
        if d.get("volume") is not None and d.get("budget") is not None:
            raise forms.ValidationError(_("Geef een omvang of een budget, niet allebei."))
        if d.get("volume") is not None and not d.get("frequentie"):
            self.add_error("frequentie", _("Kies de frequentie bij het volume."))
        return d
