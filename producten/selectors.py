"""Reads of the catalogue, shared by the screens and the API."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from organisaties.models import Aanbieder

from .models import Contract, Indicatiewijze, Perceel, Product, Tarief


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


def leverbare_aanbieders(*, product, gemeente, ingangsdatum: date):
    """The aanbieders that may deliver `product` in `gemeente` on `ingangsdatum`: a contract valid that day,
    in a perceel the gemeente uses. The whole region uses the regionale perceel; all gemeenten except Venlo
    also the lokale, with free choice between the two (Handboek verwijzers jeugdhulp §2.3 (r. 3644–3670))."""
    percelen = [Perceel.REGIONAAL, Perceel.LOKAAL] if gemeente.gebruikt_perceel_lokaal else [Perceel.REGIONAAL]
    contracten = (
        Contract.objects.filter(product=product, gemeente=gemeente, perceel__in=percelen)
        .filter(geldig_vanaf__lte=ingangsdatum)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=ingangsdatum))
    )
    return Aanbieder.objects.filter(pk__in=contracten.values("aanbieder_id")).order_by("naam")


def gecontracteerde_aanbieders(*, gemeente, domein: str):
    """The aanbieders with any contract in the gemeente for a product of the domain: the choice before the
    product is known (`leverbare_aanbieders` narrows it)."""
    contracten = Contract.objects.filter(gemeente=gemeente, product__domein=domein)
    return Aanbieder.objects.filter(pk__in=contracten.values("aanbieder_id")).order_by("naam")


def aanbieders_van_domein(domein: str):
    """The aanbieders a consulent of `domein` may name for niet gecontracteerd aanbod: all but those known only in
    the other domain (an aanbiedertype or a contract there, none here). One without either is not known to
    belong elsewhere and stays on the list."""
    hier = Q(typen__domein=domein) | Q(contracten__product__domein=domein)
    elders = Q(typen__isnull=False) | Q(contracten__isnull=False)
    alleen_elders = Aanbieder.objects.filter(elders).exclude(pk__in=Aanbieder.objects.filter(hier).values("pk"))
    return Aanbieder.objects.exclude(pk__in=alleen_elders.values("pk")).order_by("naam")
