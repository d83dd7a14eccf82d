"""The garantiefase on a toewijzing (JR-064/JR-065, Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1837–1878)):
within 6 months after the end of care (the 307's Einddatum, else the einddatum) the closed toewijzing is
stretched to the end of the garantiefase, same number and omvang (no new money); never after the 6 months
(a return 8 months after the end once gave an einddatum in the past)."""

from datetime import date, timedelta

import pytest

from regie.termijnen import plus_maanden
from tests.verwijzing.test_lopend import _toegekend
from toegang.fouten import Geweigerd
from verwijzing.models import Toewijzing
from verwijzing.signals import toewijzing_vastgesteld
from verwijzing.toewijzing import garantiefase_toewijzen, stop_registreren

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)


# (product, einddatum, 307 Einddatum (days from today), refusal or "" for granted, end of care, source)
@pytest.mark.parametrize(
    ("code", "eind", "gestopt", "weigering", "einde", "bron"),
    [
        ("45L12", -60, None, "", -60, "JR-065: ended 60 days ago: stretched 6 months from the einddatum"),
        ("45L12", -10, -60, "", -60, "JR-064: the 6 months count from the 307's Einddatum"),
        ("45L12", -240, None, "is voorbij", None, "JR-064: 8 months after the end: refused, no einddatum in the past"),
        ("45L12", -10, -240, "is voorbij", None, "JR-064: 8 months after the 307's Einddatum: refused"),
        ("45L12", 100, None, "loopt nog", None, "JR-064: 'na einde zorg': the care still runs"),
        ("45L12", 300, -30, "hervatten", None, "the toewijzing outlasts the garantiefase: nothing to stretch"),
        ("54L51", -60, None, "geen garantiefase", None, "Dyslexie: no traject with a garantiefase (catalogue)"),
    ],
)
def test_the_garantiefase_stretches_only_within_6_months_after_the_end(code, eind, gestopt, weigering, einde, bron):
    t, beslisser, _c = _toegekend(code)
    Toewijzing.objects.filter(pk=t.pk).update(ingangsdatum=VANDAAG - 400 * D, einddatum=VANDAAG + eind * D)
    if gestopt is not None:
        stop_registreren(toewijzing=t, einddatum=VANDAAG + gestopt * D, reden="02", bericht_omschrijving="JW307")
    t.refresh_from_db()
    voor = (t.einddatum, t.laatste_wijziging, t.volume, t.budget)
    signalen = []

    def ontvanger(sender, toewijzing, wijziging, **kwargs):
        signalen.append((toewijzing.nummer, wijziging))

    toewijzing_vastgesteld.connect(ontvanger)
    try:
        if weigering:
            with pytest.raises(Geweigerd, match=weigering):
                garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="Terugval, zelfde hulpvraag.")
        else:
            garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="Terugval, zelfde hulpvraag.")
    finally:
        toewijzing_vastgesteld.disconnect(ontvanger)
    t.refresh_from_db()
    if weigering:
        assert (t.einddatum, t.laatste_wijziging, t.volume, t.budget) == voor and not signalen, bron
        return
    assert t.einddatum == plus_maanden(VANDAAG + einde * D, 6) and t.einddatum >= VANDAAG, bron
    assert (t.laatste_wijziging, t.volume, t.budget) == ("garantiefase", voor[2], voor[3]), "no new money (JR-065)"
    assert signalen == [(t.nummer, "garantiefase")]
    assert Toewijzing.objects.filter(dossier=t.dossier).count() == 1  # the same number: no new toewijzing
    with pytest.raises(Geweigerd, match="al toegewezen"):
        garantiefase_toewijzen(door=beslisser, toewijzing=t, reden="x")
