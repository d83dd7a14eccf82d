from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from organisaties.models import Domein
from toegang.routes import route

from . import selectors
from .models import Product


@route(scope="catalogus", audit="geen")
@login_required
def lijst(request):
    zoekterm = request.GET.get("q", "").strip()[:50]
    domein = request.GET.get("domein", "")
    if domein not in Domein.values:
        domein = ""
    producten = selectors.zoek_producten(zoekterm=zoekterm, domein=domein, peildatum=timezone.localdate())
    return render(
        request,
        "producten/lijst.html",
        {
            "producten": producten,
            "zoekterm": zoekterm,
            "domein": domein,
            "domeinen": Domein.choices,
        },
    )


@route(scope="catalogus", audit="geen")
@login_required
def detail(request, code):
    try:
        product = selectors.product_met_details(code, timezone.localdate())
    except Product.DoesNotExist:
        raise Http404 from None
    return render(request, "producten/detail.html", {"product": product})
