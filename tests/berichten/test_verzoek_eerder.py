"""What ran before counts on every path, as in the toegang (`verwijzing.lopend.historie`): the verzoek om toewijzing
(315) and its advice, the verzoek om wijziging (317) and the verlenging pass the inwoner's finished toewijzingen to
the rules that read the history. Handboek verwijzers jeugdhulp §3.4.7: a second dyslexie diagnostiek is a herindicatie
(niet mogelijk) and diagnostiek and behandeling last at most 27 months together; Handboek Maatwerkdiensten Wmo §5
segment 1B: meerwerk 1B at most once (WR-041)."""

from datetime import date, timedelta

import pytest

from berichten.inkomend import bericht_ontvangen
from berichten.models import AangevraagdProduct, Wijzigingsverzoek
from berichten.toewijzingsverzoeken import advies, toewijzingsverzoek_honoreren
from berichten.wijzigingsverzoeken import wijzigingsverzoek_honoreren
from organisaties.factories import gemeente
from producten.factories import ContractFactory
from producten.models import Product
from regie.termijnen import plus_maanden
from tests.berichten.hulp import _toekenning, _vot, _vow
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import toewijzing_oprekken

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)
BEGIN = VANDAAG - 400 * D  # the earlier dyslexie diagnostiek, ended 30 days ago
EINDE = VANDAAG - 30 * D
GRENS = plus_maanden(BEGIN, 27)  # 27 months from the first start (§3.4.7)


def _product(code, einddatum):
    return {"Product": {"Categorie": code[:2], "Code": code}, "ToewijzingEinddatum": einddatum}


def _periode(t, van, tot):
    Toewijzing.objects.filter(pk=t.pk).update(ingangsdatum=van, einddatum=tot)


# (the requested product and its einddatum, the rule, its uitkomst, source)
GEVALLEN_315 = [
    pytest.param("54L50", VANDAAG + 200 * D, "JR-067", "niet_toegestaan", id="HV-3.4.7-tweede-diagnostiek"),
    pytest.param("54L51", GRENS, "DUUR-DYSLEXIE-TOTAAL", "niet_toegestaan", id="HV-3.4.7-meer-dan-27-maanden"),
    pytest.param("54L51", GRENS - D, "DUUR-DYSLEXIE-TOTAAL", None, id="HV-3.4.7-samen-precies-27-maanden"),
]


@pytest.mark.parametrize(("code", "tot", "regel", "verwacht"), GEVALLEN_315)
def test_the_315_and_its_advice_read_what_ran_before(omgeving, code, tot, regel, verwacht):
    venlo, aanbieder, backoffice = omgeving
    for c in ("54L50", "54L51"):
        ContractFactory(product=Product.objects.get(code=c), gemeente=venlo, aanbieder=aanbieder)
    bericht_ontvangen(_vot(aanbieder, producten=[_product("54L50", VANDAAG + 200 * D)]), kanaal="map")
    toewijzingsverzoek_honoreren(
        door=backoffice, taak=AangevraagdProduct.objects.get(), motivering="Verwezen.", gi_instemming="geen"
    )
    _periode(Toewijzing.objects.get(), BEGIN, EINDE)
    bericht_ontvangen(_vot(aanbieder, "REF-2", "V2", producten=[_product(code, tot)]), kanaal="map")
    taak = AangevraagdProduct.objects.get(referentie="REF-2")
    gevonden = {b.uitkomst for b in advies(taak).bevindingen if b.regel == regel}
    assert gevonden == ({verwacht} if verwacht else set())
    if verwacht:
        with pytest.raises(Geweigerd):
            toewijzingsverzoek_honoreren(door=backoffice, taak=taak, motivering="Verwezen.", gi_instemming="geen")
    else:
        toewijzingsverzoek_honoreren(door=backoffice, taak=taak, motivering="Verwezen.", gi_instemming="geen")
        assert Toewijzing.objects.filter(product__code=code).exists()


def test_a_317_for_a_second_dyslexie_diagnostiek_is_a_herindicatie(lopend, django_capture_on_commit_callbacks):
    """Handboek verwijzers jeugdhulp §3.4.7: the diagnostiek ran at another aanbieder and ended; a 317 adds it again."""
    t, backoffice = lopend
    ContractFactory(product=Product.objects.get(code="54L50"), gemeente=t.gemeente, aanbieder=t.aanbieder)
    dossier, _b = _toekenning(t.gemeente, django_capture_on_commit_callbacks, producten=("54L50",), inwoner=t.inwoner)
    _periode(Toewijzing.objects.get(dossier=dossier), BEGIN, EINDE)
    nieuw = {
        "Product": {"Categorie": "54", "Code": "54L50"},
        "GewensteIngangsdatum": VANDAAG + 14 * D,
        "Einddatum": VANDAAG + 120 * D,
        "Omvang": {"Volume": 1, "Eenheid": "82", "Frequentie": "6"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(_vow(t, ongewijzigd=[t.nummer], nieuw=[nieuw]), kanaal="map")
    assert bericht.status == "ontvangen", bericht.fouten
    with pytest.raises(Geweigerd, match="herindicatie"):
        wijzigingsverzoek_honoreren(door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Opnieuw.")


def test_a_second_meerwerk_1b_cannot_be_stretched_either(django_capture_on_commit_callbacks):
    """WR-041 (Handboek Maatwerkdiensten Wmo §5 segment 1B): meerwerk 1B at most once; an earlier one that ended
    counts when the second is stretched (verlenging)."""
    cuijk = gemeente("0889")
    dossier, beslisser = _toekenning(cuijk, django_capture_on_commit_callbacks, domein="wmo", producten=("10M01",))
    eerste = Toewijzing.objects.get(dossier=dossier)
    _periode(eerste, VANDAAG - 200 * D, VANDAAG - 100 * D)
    tweede_dossier, _b = _toekenning(
        cuijk,
        django_capture_on_commit_callbacks,
        domein="wmo",
        producten=("10M01",),
        aanbieder=eerste.aanbieder,
        inwoner=eerste.inwoner,
    )
    tweede = Toewijzing.objects.get(dossier=tweede_dossier)
    _periode(tweede, VANDAAG - 30 * D, VANDAAG + 30 * D)
    tweede.refresh_from_db()
    with pytest.raises(Geweigerd, match="één keer"):
        toewijzing_oprekken(door=beslisser, toewijzing=tweede, einddatum=VANDAAG + 60 * D, reden="Wachtlijst elders.")
