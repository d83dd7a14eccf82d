from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toegang.forms import DatumField, NLDSFormMixin

from .models import Uitkomst


class CelForm(NLDSFormMixin, forms.Form):
    actie = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("bevestigen", _("Bevestigen zoals hij is")), ("wijzigen", _("Uitkomst wijzigen"))],
        widget=forms.Select,
    )
    uitkomst = forms.ChoiceField(label=_("Nieuwe uitkomst"), choices=Uitkomst.choices, required=False)
    geldig_vanaf = DatumField(
        label=_("Geldig vanaf"),
        required=False,
        help_text=_("Alleen bij wijzigen: vanaf deze datum geldt de nieuwe uitkomst."),
    )
    motivering = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Geef een motivering.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("actie") == "wijzigen":
            if not data.get("uitkomst"):
                self.add_error("uitkomst", _("Kies de nieuwe uitkomst."))
            if not data.get("geldig_vanaf"):
                self.add_error("geldig_vanaf", _("Kies de datum waarop de nieuwe uitkomst ingaat."))
            elif data["geldig_vanaf"] < timezone.localdate():
                self.add_error("geldig_vanaf", _("Een wijziging kan niet met terugwerkende kracht ingaan."))
        return data
