"""Reads of the catalogue, shared by the screens and the API."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from .models import Indicatiewijze, Product, Tarief


def tarieven_op(peildatum: date) -> QuerySet[Tarief]:
    return (
        Tarief.objects.filter(geldig_vanaf__lte=peildatum)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
        .order_by("soort")
    )


def zoek_producten(*, zoekterm: str = "", domein: str = "", peildatum: date) -> QuerySet[Product]:
    qs = Product.objects.all()
    if zoekterm:
        qs = qs.filter(Q(code__icontains=zoekterm) | Q(naam__icontains=zoekterm) | Q(segment__iexact=zoekterm))
    if domein:
        qs = qs.filter(domein=domein)
    return qs.prefetch_related(Prefetch("tarieven", queryset=tarieven_op(peildatum), to_attr="actuele_tarieven"))


def product_met_details(code: str, peildatum: date) -> Product:
    return Product.objects.prefetch_related(
        Prefetch("tarieven", queryset=Tarief.objects.order_by("soort", "-geldig_vanaf")),
        Prefetch("tarieven", queryset=tarieven_op(peildatum), to_attr="actuele_tarieven"),
        Prefetch(
            "indicatiewijzen", queryset=Indicatiewijze.objects.select_related("gemeente").order_by("gemeente__naam")
        ),
    ).get(code=code)
