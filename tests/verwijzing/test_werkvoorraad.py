"""The caseload: "Mijn werkvoorraad" (the dossiers the consulent handles) and "Team" (every open dossier in
scope, per behandelaar to cover a colleague), both in keyset pages at a constant query count; a deadline
label that says what must happen by the date; an open matchingsverzoek past its 5 werkdagen flagged in
words on both sides; and the beschikkingen to send listed for whoever decides on them."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rol
from inwoners.factories import inwoner_in
from organisaties.factories import AanbiederFactory
from organisaties.models import Gemeente
from tests.conftest import ingelogde_client, maak_gebruiker
from verwijzing import selectors
from verwijzing.factories import DossierFactory, IndicatieFactory, aanvraag_dossier, toekenning_vaststellen
from verwijzing.models import Matchingsverzoek, Status, VerzoekStatus

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate()


@pytest.fixture
def team(venlo):
    return {
        "anna": maak_gebruiker(
            Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True, first_name="Anna", last_name="Aarts"
        ),
        "bram": maak_gebruiker(
            Rol.CONSULENT, [venlo], domein_jeugd=True, domein_wmo=True, first_name="Bram", last_name="Bos"
        ),
    }


def _dossier(venlo, consulent, naam, **kwargs):
    return DossierFactory(gemeente=venlo, consulent=consulent, inwoner=inwoner_in(venlo, geslachtsnaam=naam), **kwargs)


def _matching(dossier, dagen_geleden, status=VerzoekStatus.VERZONDEN):
    indicatie = IndicatieFactory(dossier=dossier)
    return Matchingsverzoek.objects.create(
        dossier=dossier,
        indicatie=indicatie,
        product=indicatie.product,
        aanbieder=indicatie.aanbieder,
        status=status,
        reden_niet_passend="Geen plek" if status == VerzoekStatus.NIET_PASSEND else "",
        verzonden_op=VANDAAG - timedelta(days=dagen_geleden),
        verzonden_door=dossier.consulent,
    )


def test_a_consulent_starts_on_his_own_dossiers_and_sees_the_team_in_the_team_view(venlo, team):
    _dossier(venlo, team["anna"], "Eigenaar")
    _dossier(venlo, team["bram"], "Collegawerk")
    client = ingelogde_client(team["anna"])
    mijn = client.get("/dossiers/").content.decode()
    assert "Eigenaar" in mijn and "Collegawerk" not in mijn
    assert 'aria-current="page"><strong>Mijn werkvoorraad</strong>' in mijn
    teamtekst = client.get("/dossiers/?weergave=team").content.decode()
    assert "Eigenaar" in teamtekst and "Collegawerk" in teamtekst
    assert 'aria-current="page"><strong>Team</strong>' in teamtekst
    assert '<th class="utrecht-table__header-cell" scope="col">Behandelaar</th>' in teamtekst
    assert "Bram Bos" in teamtekst.split("<tbody")[1]
    # cover for a colleague on leave: only Bram's work
    alleen_bram = client.get(f"/dossiers/?weergave=team&behandelaar={team['bram'].pk}").content.decode()
    assert "Collegawerk" in alleen_bram and "Eigenaar" not in alleen_bram
    assert f'<option value="{team["bram"].pk}" selected>Bram Bos</option>' in alleen_bram
    # a consulent outside the gemeente is no choice, and his id shows nothing
    elders = maak_gebruiker(Rol.CONSULENT, [Gemeente.objects.get(cbs_code="0889")], domein_jeugd=True)
    assert f'value="{elders.pk}"' not in teamtekst


def test_the_backoffice_has_no_mijn_view(venlo, team):
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    tekst = ingelogde_client(backoffice).get("/dossiers/?weergave=mijn").content.decode()
    assert "Mijn werkvoorraad" not in tekst and "Aanvragen die wachten op een beschikking" in tekst


@pytest.mark.parametrize("weergave", ["mijn", "team"])
def test_both_views_page_by_keyset_at_a_constant_query_count(venlo, team, weergave):
    client = ingelogde_client(team["anna"])
    pad = "/dossiers/" + ("?weergave=team" if weergave == "team" else "")

    def maak(n):
        for i in range(n):
            d = _dossier(venlo, team["anna" if i % 2 else "bram"], f"Rij{i}", status=Status.INDICATIE)
            if i % 3 == 0:
                _matching(d, dagen_geleden=20)
        _dossier(venlo, team["anna"], "Wmo", domein="wmo")

    maak(4)
    client.get(pad)
    with CaptureQueriesContext(connection) as weinig:
        client.get(pad)
    maak(120)
    with CaptureQueriesContext(connection) as veel:
        tekst = client.get(pad).content.decode()
    assert len(veel) == len(weinig), "\n".join(q["sql"][:150] for q in veel.captured_queries)
    assert "Volgende pagina" in tekst and "matchingsgesprek te laat" in tekst
    if weergave == "team":
        assert "?weergave=team&amp;na=" in tekst  # the next page stays in the team view
    gezien, cursor = [], None
    while True:
        pagina = selectors.werkvoorraad(team["anna"], na=cursor, weergave=weergave)
        gezien += [r.dossier_id for r in pagina.regels]
        if not (cursor := pagina.volgende):
            break
    verwacht = 124 + 2 if weergave == "team" else 62 + 2
    assert len(gezien) == len(set(gezien)) == verwacht


@pytest.mark.parametrize(
    ("status", "domein", "label"),
    [
        (Status.MELDING, "wmo", "Onderzoek afronden"),
        (Status.ONDERZOEK, "wmo", "Onderzoek afronden"),
        (Status.AANVRAAG, "wmo", "Beschikking nemen"),
        (Status.AANVRAAG, "jeugd", "Beschikking nemen"),
        (Status.MELDING, "jeugd", ""),
        (Status.ONDERZOEK, "jeugd", ""),
        (Status.INDICATIE, "wmo", ""),
        (Status.LEEFZORGPLAN, "jeugd", ""),
        (Status.ONDERTEKENING, "wmo", ""),
        (Status.TOEGEKEND, "jeugd", ""),
    ],
)
def test_the_deadline_label_says_what_must_happen_by_then(status, domein, label):
    assert selectors.termijn_taak(status, domein) == label


def test_a_late_wmo_melding_is_not_labelled_as_a_finished_onderzoek(venlo, team):
    """The walk-through: every Wmo row said "Wmo-onderzoek afgerond", also for a melding that is late."""
    _dossier(venlo, team["anna"], "Laat", domein="wmo", meldingsdatum=VANDAAG - timedelta(days=60))
    tekst = ingelogde_client(team["anna"]).get("/dossiers/").content.decode()
    rij = tekst.split("Laat")[1].split("</tr>")[0]
    assert "Onderzoek afronden:" in rij and "(te laat)" in rij
    assert "afgerond" not in rij


def test_an_overdue_matchingsverzoek_is_flagged_in_the_werkvoorraad(venlo, team):
    laat = _dossier(venlo, team["anna"], "Laatmatch", status=Status.INDICATIE)
    _matching(laat, dagen_geleden=20)
    op_tijd = _dossier(venlo, team["anna"], "Optijd", status=Status.INDICATIE)
    _matching(op_tijd, dagen_geleden=0)
    beantwoord = _dossier(venlo, team["anna"], "Beantwoord", status=Status.INDICATIE)
    _matching(beantwoord, dagen_geleden=20, status=VerzoekStatus.NIET_PASSEND)
    regels = {r.dossier_id: r.matching_te_laat for r in selectors.werkvoorraad(team["anna"]).regels}
    assert regels == {laat.pk: True, op_tijd.pk: False, beantwoord.pk: False}
    tekst = ingelogde_client(team["anna"]).get("/dossiers/").content.decode()
    assert tekst.count("matchingsgesprek te laat") == 1
    assert "matchingsgesprek te laat" in tekst.split("Laatmatch")[1].split("</tr>")[0]


def test_the_aanbieder_sees_its_overdue_verzoeken_flagged_and_on_top(venlo, team):
    aanbieder = AanbiederFactory()
    verzoeken = {}
    for naam, dagen, status in [
        ("Nieuw", 0, VerzoekStatus.VERZONDEN),
        ("Beantwoord", 30, VerzoekStatus.NIET_PASSEND),
        ("Oud", 20, VerzoekStatus.VERZONDEN),
    ]:
        v = _matching(_dossier(venlo, team["anna"], naam, status=Status.INDICATIE), dagen, status)
        Matchingsverzoek.objects.filter(pk=v.pk).update(aanbieder=aanbieder, groen={"inwoner": naam})
        verzoeken[naam] = v
    medewerker = maak_gebruiker(Rol.AANBIEDER, [], aanbieder=aanbieder)
    tekst = ingelogde_client(medewerker).get("/portaal/").content.decode()
    rijen = tekst.split("<tbody")[1].split("</tr>")
    assert [n for r in rijen for n in ("Oud", "Nieuw", "Beantwoord") if f">{n}<" in r] == ["Oud", "Nieuw", "Beantwoord"]
    assert "matchingsgesprek te laat" in rijen[0] and "(te laat)" in rijen[0]
    assert "te laat" not in rijen[1] and "te laat" not in rijen[2]


@pytest.fixture
def beslissers(venlo):
    return {
        "backoffice": maak_gebruiker(Rol.BACKOFFICE, [venlo]),
        "wmo": maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=False, domein_wmo=True),
        "jeugd": maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True),
    }


@pytest.fixture
def vastgesteld(venlo, beslissers):
    """A Jeugd (the backoffice decides) and a Wmo (the consulent decides) beschikking, decided, not sent."""
    jeugd = aanvraag_dossier(
        gemeente=venlo, consulent=beslissers["jeugd"], inwoner=inwoner_in(venlo, geslachtsnaam="Jeugdig")
    )
    toekenning_vaststellen(dossier=jeugd, door=beslissers["backoffice"])
    wmo = aanvraag_dossier(
        gemeente=venlo,
        consulent=beslissers["wmo"],
        domein="wmo",
        producten=("01B04",),
        inwoner=inwoner_in(venlo, geslachtsnaam="Wmoër", geboortedatum=date(1950, 1, 1)),
    )
    toekenning_vaststellen(dossier=wmo, door=beslissers["wmo"])
    return jeugd, wmo


def _namen(links):
    return sorted(link.tekst.split(":")[0].split()[-1] for link in links)


def test_te_verzenden_lists_only_the_beschikkingen_the_user_decides_on(venlo, beslissers, vastgesteld):
    """Venlo's Wmo beschikking appeared in the backoffice's list although the Wmo consulent decides there."""
    assert _namen(selectors.te_verzenden(beslissers["backoffice"])) == ["Jeugdig"]
    assert _namen(selectors.te_verzenden(beslissers["wmo"])) == ["Wmoër"]
    assert selectors.te_verzenden(beslissers["jeugd"]) == []
    tekst = ingelogde_client(beslissers["wmo"]).get("/dossiers/").content.decode()
    lijst = tekst.split("Vastgestelde beschikkingen om te verzenden")[1].split("</ul>")[0]
    assert "Wmoër" in lijst and "Jeugdig" not in lijst
    # a gemeente that gives Wmo beschikkingen to its backoffice
    Gemeente.objects.filter(pk=venlo.pk).update(beschikking_wmo_door=Rol.BACKOFFICE)
    # the memberships (with their gemeente) are read once per request; a new request reads the user afresh
    beslissers = {rol: type(g).objects.get(pk=g.pk) for rol, g in beslissers.items()}
    assert _namen(selectors.te_verzenden(beslissers["backoffice"])) == ["Jeugdig", "Wmoër"]
    assert selectors.te_verzenden(beslissers["wmo"]) == []


def test_the_backoffice_werkvoorraad_holds_only_aanvragen_it_decides_on(venlo, beslissers):
    jeugd = aanvraag_dossier(gemeente=venlo, consulent=beslissers["jeugd"])
    aanvraag_dossier(gemeente=venlo, consulent=beslissers["wmo"], domein="wmo", producten=("01B04",))
    assert [r.dossier_id for r in selectors.werkvoorraad(beslissers["backoffice"]).regels] == [jeugd.pk]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(r[0] for r in cursor.fetchall())


def test_the_backoffice_page_reads_its_aanvragen_in_deadline_order_from_an_index(venlo, team):
    """A backoffice's page reads one page of the aanvragen index of its gemeente and domein, in the order it
    shows, instead of filtering every open dossier of the gemeente (verwijzing migration 0019)."""
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    for n in range(3):
        _dossier(venlo, team["anna"], f"Aanvrager{n}", status=Status.AANVRAAG, domein="jeugd")
    with CaptureQueriesContext(connection) as queries:
        assert len(selectors.werkvoorraad(backoffice).regels) == 3
    sql = next(q["sql"] for q in queries.captured_queries if 'FROM "verwijzing_dossier"' in q["sql"])
    plan = _plan(sql)
    assert "dossier_werkvoorraad_aanvraag" in plan and "Sort" not in plan, plan


def test_the_planner_knows_a_behandelaars_dossiers_lie_in_his_gemeente_and_domein():
    """Without it PostgreSQL took a behandelaar's open dossiers for a handful, and sorted them all instead
    of reading "mijn werkvoorraad" page by page from its index (verwijzing migration 0019)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkeys::text, stxkind::text FROM pg_statistic_ext WHERE stxname = 'dossier_behandelaar_scope'"
        )
        rij = cursor.fetchone()
    assert rij is not None and "f" in rij[1] and "d" in rij[1]


def test_the_backoffice_lists_the_hardheidsclausules_waiting_for_a_second_person(venlo, team):
    """Handboek verwijzers jeugdhulp §2.9: the gemeente agrees to the hardheidsclausule, never the one who asked."""
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [venlo])
    wachtend = _dossier(venlo, team["anna"], "Uitzondering", status=Status.INDICATIE, domein="jeugd")
    IndicatieFactory(dossier=wachtend, hardheidsclausule=True)
    eigen = _dossier(venlo, team["anna"], "Eigenhandig", status=Status.INDICATIE, domein="jeugd")
    IndicatieFactory(dossier=eigen, hardheidsclausule=True, aangemaakt_door=backoffice)
    akkoord = _dossier(venlo, team["anna"], "Goedgekeurd", status=Status.INDICATIE, domein="jeugd")
    IndicatieFactory(dossier=akkoord, hardheidsclausule=True, hardheid_goedgekeurd_op=timezone.now())
    (regel,) = selectors.hardheidsclausules(backoffice)
    assert regel.url == f"/dossiers/{wachtend.public_id}/indicatie/"
    assert regel.tekst.split(":")[0].endswith("Uitzondering") and "45L12" in regel.tekst
    tekst = ingelogde_client(backoffice).get("/dossiers/").content.decode()
    assert "Hardheidsclausule goedkeuren" in tekst and "Uitzondering" in tekst and "Eigenhandig" not in tekst
