"""Form rendering in NL Design System (Utrecht) markup, with errors tied to their fields."""

import copy

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from organisaties.models import Gemeente

WIDGET_CLASSES = {
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.EmailInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.PasswordInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}


# Django's empty choice, and the bare dash some forms used: neither says what to do.
LEGE_KEUZES = {"---------", "—", "-"}


def kies_label(field) -> None:
    """Give a select's empty choice a Dutch label ("Kies …") instead of Django's "---------"."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label in LEGE_KEUZES:
            field.empty_label = _("Kies …")
        return
    if not isinstance(field, forms.ChoiceField):
        return
    keuzes = list(field.choices)
    if any(waarde == "" and str(label) in LEGE_KEUZES for waarde, label in keuzes):
        field.choices = [
            (waarde, _("Kies …") if waarde == "" and str(label) in LEGE_KEUZES else label) for waarde, label in keuzes
        ]


class NLDSRenderer(TemplatesSetting):
    form_template_name = "forms/nlds_form.html"
    field_template_name = "forms/nlds_field.html"


class NLDSFormMixin:
    """Adds the Utrecht classes to every widget, a Dutch empty choice to every select, and aria-invalid on
    fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kies_label(field)
            for widget_type, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_type):
                    field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()
                    break

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                auto_id = self[name].auto_id
                # Screen readers read the error with the field: describedby points at both texts.
                beschrijving = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if field.help_text else [])
                field.widget.attrs["aria-describedby"] = " ".join(beschrijving)
                field.widget.attrs["aria-invalid"] = "true"


def keuzelijst_vervangen(veld) -> str:
    """A <select> rendered whole for htmx's out-of-band swap (outerHTML) when its options follow other fields.
    The empty choice stays; the user's choice stays selected while it is still offered, else the empty choice is.
    Swapping only the options (innerHTML) lets the browser select an option by itself as htmx moves them over.
    The live check's own errors are not the user's: the select comes without aria-invalid."""
    widget = copy.copy(veld.field.widget)
    widget.attrs = {k: v for k, v in widget.attrs.items() if k not in ("aria-invalid", "aria-describedby")}
    waarde = veld.value()
    waarde = "" if waarde is None else str(waarde)
    if waarde not in {str(optie) for optie, _label in widget.choices}:
        waarde = ""
    attrs = veld.build_widget_attrs({"id": veld.auto_id, "hx-swap-oob": "outerHTML"}, widget)
    attrs.pop("aria-invalid", None)
    attrs.pop("aria-describedby", None)
    if veld.help_text:
        attrs["aria-describedby"] = f"{veld.auto_id}_helptext"
    return widget.render(veld.html_name, waarde, attrs=attrs)


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATUM_FOUTEN = {"invalid": _("Vul een bestaande datum in."), "required": _("Vul de datum in.")}


class DatumField(forms.DateField):
    """The one date field of every form: a native date picker and the same Dutch messages everywhere."""

    widget = DatumInput

    def __init__(self, *, error_messages=None, **kwargs):
        super().__init__(error_messages={**DATUM_FOUTEN, **(error_messages or {})}, **kwargs)


def gemeenten_van(gebruiker):
    """The gemeenten a user may choose in a form: those of its memberships, by name."""
    return Gemeente.objects.filter(lidmaatschappen__gebruiker=gebruiker).order_by("naam")


def refusal_to_form(form, fout, *, veld_van=None) -> None:
    """Put a service's refusal (`toegang.fouten.Geweigerd`) on the form: the message at the top, and each
    rules finding beside the field `veld_van(bevinding)` names (at the top when it names none)."""
    form.add_error(None, str(fout))
    for bevinding in fout.bevindingen:
        form.add_error(veld_van(bevinding) if veld_van else None, bevinding.uitleg)
