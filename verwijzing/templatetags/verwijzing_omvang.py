"""`{{ indicatie_of_toewijzing|omvang }}`: the omvang in words as the beschikking and the 301 carry it."""

from django import template

from verwijzing import omvang as omvang_module

register = template.Library()


@register.filter
def omvang(obj) -> str:
    return omvang_module.tekst(obj)
