"""Which gemeente's colours a page wears, and the CSS that carries them.

The theme is served as a small stylesheet (/thema/<cbs>.css) rather than an inline <style>, so
the Content-Security-Policy can forbid inline styles and scripts altogether.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control

from accounts.scoping import get_lidmaatschappen
from toegang.routes import route

from .models import Gemeente


def thema_gemeente(request):
    """The gemeente of the page: the user's own when they work for exactly one or chose one;
    aanbieders, regie and beheer get the neutral regional theme."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return None
    cached = getattr(request, "_thema_gemeente", False)
    if cached is not False:
        return cached
    leden = get_lidmaatschappen(user)
    gemeente = leden[0].gemeente if leden else None
    request._thema_gemeente = gemeente
    return gemeente


@route(scope="publiek", audit="geen")
@cache_control(max_age=300, public=True)
def thema_css(request, cbs_code: str):
    g = get_object_or_404(Gemeente, cbs_code=cbs_code)
    css = (
        f"html.toegang-theme{{--gemeente-kleur-base:{g.kleur_base};"
        f"--gemeente-kleur-dark:{g.kleur_dark};--gemeente-kleur-light:{g.kleur_light}}}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
