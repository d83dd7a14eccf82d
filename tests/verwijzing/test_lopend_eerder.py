"""What ran before counts in the toegang too: the handbook rules that read the history (Handboek verwijzers
jeugdhulp §3.4.7: dyslexie at most 27 months in total, diagnostiek and behandeling together, and no herindicatie)
get the inwoner's toewijzingen whose care ended before the proposal (`verwijzing.lopend.get_eerder`), as the
command line's --eerder gives them. The garantiefase stays one flag (JR-066), not repeated as JR-065."""

from datetime import date, timedelta

import pytest

from producten.models import Product
from tests.verwijzing.test_lopend import _nieuw_dossier, _periode, _toegekend
from verwijzing.indicatie import indicatie_toetsen
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import omvang_wijzigen, stop_registreren, toewijzing_verwijderen

pytestmark = pytest.mark.django_db
VANDAAG = date.today()
D = timedelta(days=1)
BEGIN = date(2026, 1, 5)  # the earlier diagnostiek
EINDE = date(2026, 10, 31)
NIEUW = date(2026, 12, 1)


def _geeindigd(t, beslisser):
    pass


def _gestopt_307(t, beslisser):
    Toewijzing.objects.filter(pk=t.pk).update(einddatum=date(2027, 6, 30))
    t.refresh_from_db()
    stop_registreren(toewijzing=t, einddatum=EINDE, reden="02", bericht_omschrijving="JW307")


def _verwijderd(t, beslisser):
    toewijzing_verwijderen(door=beslisser, toewijzing=t, reden="Dubbel ingevoerd.")


def _nieuwe_omvang(t, beslisser):
    """IV066: a new omvang from later on replaces the number; the chain counts from its first ingangsdatum."""
    omvang_wijzigen(
        door=beslisser, toewijzing=t, ingangsdatum=date(2026, 6, 1), budget=t.volume / 100 + 100, reden="Meer."
    )


# (the earlier 54L50 dyslexie diagnostiek from BEGIN to EINDE, the proposal (product, einddatum), the rule, its
# uitkomst in the toegang, source)
GEVALLEN = [
    pytest.param(
        _geeindigd,
        "54L51",
        date(2028, 4, 5),
        "DUUR-DYSLEXIE-TOTAAL",
        "niet_toegestaan",
        id="HV-3.4.7-diagnostiek-plus-behandeling-meer-dan-27-maanden",
    ),
    pytest.param(
        _geeindigd,
        "54L51",
        date(2028, 4, 4),
        "DUUR-DYSLEXIE-TOTAAL",
        None,
        id="HV-3.4.7-samen-precies-27-maanden",
    ),
    pytest.param(
        _gestopt_307,
        "54L51",
        date(2028, 4, 5),
        "DUUR-DYSLEXIE-TOTAAL",
        "niet_toegestaan",
        id="HV-3.4.7-einde-uit-de-307-telt-ook",
    ),
    pytest.param(
        _nieuwe_omvang,
        "54L51",
        date(2028, 4, 5),
        "DUUR-DYSLEXIE-TOTAAL",
        "niet_toegestaan",
        id="HV-3.4.7-IV066-keten-telt-vanaf-de-eerste-ingangsdatum",
    ),
    pytest.param(_geeindigd, "54L50", date(2027, 5, 31), "JR-067", "niet_toegestaan", id="HV-3.4.7-geen-herindicatie"),
    pytest.param(
        _verwijderd,
        "54L50",
        date(2027, 5, 31),
        "JR-067",
        None,
        id="HV-3.4.7-verwijderd-nooit-geldig-RedenWijziging-13",
    ),
]


@pytest.mark.parametrize(("toestand", "code", "tot", "regel", "verwacht"), GEVALLEN)
def test_what_ran_before_counts_for_the_rules_that_read_the_history(toestand, code, tot, regel, verwacht):
    t, beslisser, consulent = _toegekend("54L50")
    _periode(t, BEGIN, EINDE)
    toestand(t, beslisser)
    gegevens = {"product": Product.objects.get(code=code), "ingangsdatum": NIEUW, "einddatum": tot}
    resultaat = indicatie_toetsen(dossier=_nieuw_dossier(t, consulent), gegevens=gegevens)
    gevonden = {b.uitkomst for b in resultaat.bevindingen if b.regel == regel}
    assert gevonden == ({verwacht} if verwacht else set()), resultaat.bevindingen


def test_the_garantiefase_is_flagged_once_not_again_from_the_history():
    """JR-066 (Handboek verwijzers jeugdhulp §1.1.2.2.2.1 (r. 1886–1894)) is the toegang's flag; the rule data's
    JR-065, which the command line reads from --eerder, would repeat it."""
    t, _b, consulent = _toegekend("45L12")
    _periode(t, VANDAAG - 300 * D, VANDAAG - 30 * D)
    gegevens = {"product": t.product, "ingangsdatum": VANDAAG + D, "aanbieder": t.aanbieder}
    regels = [b.regel for b in indicatie_toetsen(dossier=_nieuw_dossier(t, consulent), gegevens=gegevens).bevindingen]
    assert regels.count("JR-066") == 1 and "JR-065" not in regels
