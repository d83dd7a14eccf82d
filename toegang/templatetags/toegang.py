from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from toegang.idempotent import FORM_TOKEN, nieuw_token

register = template.Library()


@register.filter
def iso_datum(waarde) -> str:
    """A date stored as ISO text (the green part of a matchingsverzoek) as users read it: dd-mm-jjjj."""
    try:
        return date.fromisoformat(str(waarde)).strftime("%d-%m-%Y")
    except ValueError:
        return waarde


@register.filter
def tarief_soort(tarieven, soort):
    """The first tariff of a soort from an already-fetched list (no query)."""
    for tarief in tarieven or []:
        if tarief.soort == soort:
            return tarief
    return None


@register.filter
def bedrag(waarde):
    """€ 1.234,56 in Dutch notation; accepts a Tarief or a Decimal."""
    if waarde is None:
        return ""
    if not isinstance(waarde, Decimal):
        waarde = getattr(waarde, "bedrag", None)
        if waarde is None:
            return "tarief onbekend"
    return "€ " + number_format(waarde, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.simple_tag
def formulier_token():
    """The hidden one-time token for a button that creates something (toegang.idempotent)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN, nieuw_token())


@register.filter
def bron(waarde) -> str:
    """A handbook source as users read it: document and paragraph, no line references (toegang.bronnen)."""
    from toegang.bronnen import bron_voor_gebruiker

    return bron_voor_gebruiker(waarde)


@register.filter
def keuzelijst_vervangen(veld) -> str:
    """A select rendered whole for an htmx out-of-band swap, keeping the user's choice (toegang.forms)."""
    from toegang.forms import keuzelijst_vervangen as vervangen

    return vervangen(veld)
