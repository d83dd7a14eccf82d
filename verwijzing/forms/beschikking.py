"""The beschikking and the notices on its beslistermijn (opschorten, hervatten, verlengen)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DatumField, NLDSFormMixin
from toegang.idempotent import EenmaligFormMixin

from ..models import BeschikkingSoort, OpschortingGrond, Verzendkanaal
from .velden import tekstveld


class BeschikkingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    soort = forms.ChoiceField(label=_("Besluit"), choices=BeschikkingSoort.choices, widget=forms.RadioSelect)
    toegekend = forms.ModelMultipleChoiceField(
        label=_("Toegekende producten"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nodig bij een gedeeltelijke toekenning: vink aan wat u toekent."),
    )
    motivering = tekstveld(_("Motivering"), rows=5, fout=_("Motiveer de beschikking (Awb 3:46)."))
    horen_op = DatumField(
        label=_("Zienswijze gevraagd op"), required=False, help_text=_("Bij (gedeeltelijke) afwijzing, Awb 4:7.")
    )
    zienswijze = tekstveld(
        _("Zienswijze van de aanvrager"), required=False, help_text=_("Bij (gedeeltelijke) afwijzing, Awb 4:7.")
    )
    horen_niet_nodig = tekstveld(
        _("Of: waarom horen niet nodig is"),
        required=False,
        help_text=_("Bijvoorbeeld: de afwijzing steunt alleen op gegevens die de aanvrager zelf gaf (Awb 4:7)."),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toegekend"].queryset = dossier.indicaties.select_related("product").order_by("id")
        self.fields["toegekend"].label_from_instance = lambda i: f"{i.product.code} {i.product.naam}"
        # Required by the besluit chosen, not optional: the hint says when (the service refuses without them).
        for naam in ("toegekend", "horen_op", "zienswijze", "horen_niet_nodig"):
            self.fields[naam].voorwaardelijk = True


class BekendmakingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    geadresseerden = forms.CharField(label=_("Geadresseerde(n)"), max_length=300)
    kanaal = forms.ChoiceField(label=_("Verzonden"), choices=Verzendkanaal.choices)
    verzonden_op = DatumField(label=_("Verzonden op"))


class OpschortingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    grond = forms.ChoiceField(label=_("Grond"), choices=OpschortingGrond.choices)
    vanaf = DatumField(label=_("Opgeschort vanaf"))
    medegedeeld_op = DatumField(label=_("Medegedeeld aan de aanvrager op"))
    reden = tekstveld(_("Reden"), fout=_("Geef de reden van de opschorting."))


class HervattenForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    tot = DatumField(label=_("Opschorting beëindigd op"))


class VerlengingForm(EenmaligFormMixin, NLDSFormMixin, forms.Form):
    tot = DatumField(label=_("Nieuwe uiterste datum"))
    medegedeeld_op = DatumField(label=_("Medegedeeld aan de aanvrager op"))
    reden = tekstveld(_("Reden"), fout=_("Geef de reden van de verlenging."))
