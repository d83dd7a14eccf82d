"""Field builders shared by the stages' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


def tekstveld(label, *, required=True, rows=3, fout=None, help_text=""):
    """A text area with a Dutch message of its own when left empty."""
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        help_text=help_text,
        error_messages={"required": fout or _("Vul dit veld in.")},
    )
