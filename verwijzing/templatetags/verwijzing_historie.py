"""The inwoner page's list of dossiers and toewijzingen, brought in by the template.

A template tag rather than a hook registered in AppConfig.ready(): inwoners may not import verwijzing, and
the page is the only place that needs this. The tag keeps the dependency where it is used (the template
names this library), needs no registry on the inwoners side and no global state, and the inwoner view stays
as it is. Reading goes through the selector `verwijzing.historie.inwoner_historie`, in the user's scope."""

from django import template

from ..historie import inwoner_historie as historie_lezen

register = template.Library()


@register.inclusion_tag("verwijzing/_historie.html", takes_context=True)
def inwoner_historie(context, inwoner):
    return {"historie": historie_lezen(context["request"].user, inwoner)}
