"""Every incoming bericht is matched to its sender. A retour (302/320) repeats the heen-header
(IV028) and answers only the message this gemeente sent to the aanbieder in its Ontvanger under that
identificatie; a 305/307/317 refers only to the sending aanbieder's toewijzingen (TR019, TR350). Where the
transport knows the sender, the header must name it. What nothing can answer changes nothing, shows in the
cockpit and is mailed to the sender's contactpunt (OP090x2). Each gemeente is its own opdrachtgever: no
301 waits on, rebuilds or is compared with another gemeente's (OP080, OP087)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail

from accounts.models import Rol
from audit.models import Actie, AuditEvent
from berichten import toewijzingsverzoeken
from berichten.inkomend import bericht_ontvangen, berichten_ophalen
from berichten.models import AangevraagdProduct, Bericht, Wijzigingsverzoek
from inwoners.bsn import nde_bsn
from inwoners.factories import inwoner_in
from istandaard.xml import lees, naar_dict, naar_xml
from organisaties.factories import AanbiederFactory, gemeente
from producten.factories import ContractFactory
from producten.models import Product
from tests.berichten.hulp import _nieuw, _start, _stop, _toekenning, _vot, _vow
from tests.conftest import ingelogde_client, jaren_geleden, maak_gebruiker
from verwijzing.models import Toewijzing
from verwijzing.toewijzing import start_registreren, toewijzing_oprekken

pytestmark = pytest.mark.django_db
VANDAAG = date.today()


@pytest.fixture
def situatie(toegewezen, django_capture_on_commit_callbacks):
    """Venlo's toewijzing at aanbieder A with its 301 sent (awaiting the 302); a 315 from A answered by our
    319 (in onderzoek, awaiting the 320); and B, another aanbieder with a contactpunt."""
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")])
    bericht_ontvangen(_vot(toegewezen.aanbieder, identificatie="V0"), kanaal="map")
    with django_capture_on_commit_callbacks(execute=True):
        toewijzingsverzoeken.toewijzingsverzoek_met_319_beantwoorden(
            door=backoffice, taak=AangevraagdProduct.objects.get(), antwoord="2"
        )
    mail.outbox.clear()
    return SimpleNamespace(t=toegewezen, a=toegewezen.aanbieder, b=AanbiederFactory(), backoffice=backoffice)


def _als(t, aanbieder):
    """The toewijzing as another aanbieder's message would name it (the builders read t.aanbieder)."""
    return SimpleNamespace(aanbieder=aanbieder, inwoner=t.inwoner, nummer=t.nummer)


def _retour_op(soort: str, code: str, ontvanger: str) -> bytes:
    """IV028: the retour on our message of `soort`, its header copied with `ontvanger` as the Ontvanger."""
    ons = Bericht.objects.get(soort=soort)
    kop = naar_dict(lees(bytes(ons.xml)))[2]["Header"]
    kop |= {
        "BerichtCode": code,
        "Ontvanger": ontvanger,
        "IdentificatieRetour": f"R{code}",
        "DagtekeningRetour": VANDAAG,
        "XsdVersieRetour": kop["XsdVersie"],
    }
    return naar_xml("jeugd", {"JW301": "302", "JW319": "320"}[soort], {"Header": kop})


def _gestart(s):
    start_registreren(toewijzing=s.t, begindatum=VANDAAG, bericht_omschrijving="JW305 test")


# Per incoming type: how `aanbieder` would send it about Venlo's toewijzing at A, and what must be true
# before (a stop needs a start).
BERICHT = {
    "302": (lambda s, aanbieder: _retour_op("JW301", "437", aanbieder.agb_code), None),
    "320": (lambda s, aanbieder: _retour_op("JW319", "489", aanbieder.agb_code), None),
    "305": (lambda s, aanbieder: _start(_als(s.t, aanbieder), identificatie="T305"), None),
    "307": (lambda s, aanbieder: _stop(_als(s.t, aanbieder), VANDAAG, identificatie="T307"), _gestart),
    # TR374: another client than V0's (pending, in onderzoek); TR353: the 317 changes or adds a product.
    "315": (lambda s, aanbieder: _vot(aanbieder, referentie="REF-9", identificatie="T315", bsn=nde_bsn(4243)), None),
    "317": (
        lambda s, aanbieder: _vow(
            _als(s.t, aanbieder), ongewijzigd=(s.t.nummer,), nieuw=[_nieuw()], identificatie="T317"
        ),
        None,
    ),
}


def _stand(tot_pk: int):
    """What an incoming message could change of ours: the outgoing messages that existed, the toewijzingen
    and the tasks."""
    return (
        sorted(Bericht.objects.filter(richting="uit", pk__lte=tot_pk).values_list("pk", "status", "fouten")),
        sorted(Toewijzing.objects.values_list("pk", "status", "gestart_op", "gestopt_op", "einddatum")),
        AangevraagdProduct.objects.count(),
        Wijzigingsverzoek.objects.count(),
    )


def _voor(s, nummer):
    maak, voorbereid = BERICHT[nummer]
    if voorbereid:
        voorbereid(s)
    laatste = Bericht.objects.order_by("-pk").values_list("pk", flat=True).first()
    mail.outbox.clear()
    return maak, laatste


@pytest.mark.parametrize(
    ("nummer", "verwacht", "bron"),
    [
        ("302", "IV028", "IV028: a 302 repeats the heen-header; B's 302 on A's 301 answers nothing (OP090x2)"),
        ("320", "IV028", "IV028: a 320 repeats the 319's header; B's 320 on A's 319 answers nothing (OP090x2)"),
        ("305", "9019", "TR019: a start only on a toewijzing of this client at the sending aanbieder"),
        ("307", "9019", "TR019: a stop only on a toewijzing of this client at the sending aanbieder"),
        ("317", "9350", "TR350: an OngewijzigdProduct must be an actual toewijzing at the sending aanbieder"),
    ],
)
def test_a_message_from_another_aanbieder_about_ours_changes_nothing(
    situatie, nummer, verwacht, bron, django_capture_on_commit_callbacks
):
    """The header says B, the thing it refers to is A's: matched to its sender, it matches nothing."""
    maak, laatste = _voor(situatie, nummer)
    voor = _stand(laatste)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(maak(situatie, situatie.b), kanaal="map")
    assert bericht.status == "afgekeurd", bron
    assert verwacht in {f["regel"] for f in bericht.fouten} | {f["retourcode"] for f in bericht.fouten}, bron
    assert bericht.aanbieder == situatie.b and _stand(laatste) == voor, bron
    if nummer in {"302", "320"}:  # no retour answers a retour: the sender hears it outside (OP090x2)
        (melding,) = mail.outbox
        assert melding.to == [situatie.b.contactpunt_email], bron
    else:  # a heenbericht gets its retour with the code, to the sender in its header (B)
        retour = Bericht.objects.get(pk__gt=laatste, richting="uit")
        assert retour.aanbieder == situatie.b and verwacht in bytes(retour.xml).decode(), bron


@pytest.mark.parametrize("nummer", sorted(BERICHT))
def test_the_sender_the_transport_knows_must_be_the_one_in_the_header(
    situatie, nummer, django_capture_on_commit_callbacks
):
    """OP090x2 / iStandaarden iJw/iWmo 3.2, berichtheader (IV028): the transport (an API account or a certificate bound
    to an AGB) says B, the header says A. Nothing of A's changes, no retourbericht goes to A, and B hears
    why outside the berichtenverkeer."""
    maak, laatste = _voor(situatie, nummer)
    voor = _stand(laatste)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(maak(situatie, situatie.a), kanaal="https", afzender_agb=situatie.b.agb_code)
    assert (bericht.status, bericht.aanbieder) == ("afgekeurd", situatie.b)
    assert "Afzender" in {f["regel"] for f in bericht.fouten}
    assert _stand(laatste) == voor
    assert not Bericht.objects.filter(pk__gt=laatste, richting="uit").exists()  # no retour to A
    (melding,) = mail.outbox
    assert melding.to == [situatie.b.contactpunt_email]


@pytest.mark.parametrize("nummer", sorted(BERICHT))
def test_the_sender_the_transport_knows_and_names_itself_is_processed(
    situatie, nummer, django_capture_on_commit_callbacks
):
    """The same messages from A, with the transport vouching for A: received as ever."""
    maak, laatste = _voor(situatie, nummer)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = bericht_ontvangen(maak(situatie, situatie.a), kanaal="https", afzender_agb=situatie.a.agb_code)
    assert bericht.status in {"verwerkt", "ontvangen"}, bericht.fouten
    assert not mail.outbox


def test_b_s_302_on_a_s_301_shows_in_the_cockpit_and_the_mail_carries_no_personal_data(
    situatie, django_capture_on_commit_callbacks
):
    """The reported hole: B's 302 with the identificatie of the 301 we sent to A marked A's 301 answered."""
    ons = Bericht.objects.get(soort="JW301")
    with django_capture_on_commit_callbacks(execute=True):
        retour = bericht_ontvangen(_retour_op("JW301", "437", situatie.b.agb_code), kanaal="map")
    ons.refresh_from_db()
    assert (ons.status, retour.retour_van_id, retour.status) == ("verzonden", None, "afgekeurd")
    assert Toewijzing.objects.get().status != "verzonden"  # not marked as received by the aanbieder
    kantoor = ingelogde_client(situatie.backoffice)
    assert f"/berichten/{retour.pk}/" in kantoor.get("/berichten/?soort=JW302").content.decode()
    tekst = kantoor.get(f"/berichten/{retour.pk}/").content.decode()
    assert "IV028" in tekst and "Geen 301 van deze gemeente aan deze aanbieder" in tekst
    (melding,) = mail.outbox
    inwoner = situatie.t.inwoner
    assert "JW302" in melding.subject and "R437" in melding.body and "OP090x2" in melding.body
    for persoonlijk in (inwoner.bsn, inwoner.geslachtsnaam, inwoner.voornamen):
        assert persoonlijk not in melding.subject + melding.body
    assert AuditEvent.objects.filter(object_id=str(retour.pk), omschrijving__contains="OP090x2").exists()


def test_the_mail_waits_for_the_commit(situatie, django_capture_on_commit_callbacks):
    """The mail goes after commit: a rolled-back intake sends nothing."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        bericht_ontvangen(_retour_op("JW301", "437", situatie.b.agb_code), kanaal="map")
        raise RuntimeError
    assert not mail.outbox


def test_an_endpoint_bound_to_an_agb_passes_it_to_the_intake(situatie, settings, monkeypatch):
    """The HTTPS transport bound to B's certificate (TOEGANG_BERICHTEN_HTTPS agb): A's start through it is
    refused; the same endpoint without a bound AGB (a hub) does not know the sender."""
    from berichten import transport as transport_module

    class Nep(transport_module.HttpsTransport):
        def __init__(self, *args):
            self.bevestigd = []

        def ophalen(self):
            return [("start.xml", _start(situatie.t, identificatie="H1"))]

        def bevestig(self, naam, quarantaine=None):
            self.bevestigd.append(naam)

    monkeypatch.setattr(transport_module, "HttpsTransport", Nep)
    settings.TOEGANG_BERICHTEN_TRANSPORT = "https"
    settings.TOEGANG_BERICHTEN_HTTPS = {"url": "https://x", "ca": "", "cert": "", "key": "", "agb": situatie.b.agb_code}
    (geweigerd,) = berichten_ophalen()
    assert geweigerd.status == "afgekeurd" and Toewijzing.objects.get().gestart_op is None
    settings.TOEGANG_BERICHTEN_HTTPS = {**settings.TOEGANG_BERICHTEN_HTTPS, "agb": ""}
    (ontvangen,) = berichten_ophalen()
    assert ontvangen.status == "verwerkt" and Toewijzing.objects.get().gestart_op == VANDAAG


def test_who_an_api_account_vouches_for():
    """Only an account bound to one aanbieder knows the sender; the backoffice relays."""
    from berichten.inkomend import bekende_afzender

    aanbieder = AanbiederFactory()
    assert bekende_afzender(maak_gebruiker(Rol.AANBIEDER, aanbieder=aanbieder)) == aanbieder.agb_code
    assert bekende_afzender(maak_gebruiker(Rol.BACKOFFICE, [gemeente("0983")])) is None


# --- Each gemeente is its own opdrachtgever (OP080, OP087) ------------------------------------------------


@pytest.fixture
def twee_gemeenten(tmp_path, settings, django_capture_on_commit_callbacks):
    """One client and one aanbieder: first Venray decides (its 301 goes out), then Venlo."""
    settings.TOEGANG_BERICHTEN_MAP = tmp_path
    venray, venlo = gemeente("0984"), gemeente("0983")
    product = Product.objects.get(code="45L12")
    aanbieder = ContractFactory(product=product, gemeente=venray).aanbieder
    ContractFactory(product=product, gemeente=venlo, aanbieder=aanbieder)
    inwoner = inwoner_in(venray, geboortedatum=jaren_geleden(9, VANDAAG))
    _toekenning(venray, django_capture_on_commit_callbacks, aanbieder=aanbieder, inwoner=inwoner)
    return SimpleNamespace(venray=venray, venlo=venlo, aanbieder=aanbieder, inwoner=inwoner)


@pytest.mark.parametrize(
    ("venray_staat", "bron"),
    [
        ("verzonden", "OP080: wait only on our own previous 301, not on Venray's 302"),
        ("klaar", "OP087: a 301 never sent is rebuilt only by its own gemeente"),
        ("afgekeurd", "OP087: a 301 refused by our own validation is rebuilt only by its own gemeente"),
    ],
)
def test_venlo_s_301_neither_waits_on_nor_rebuilds_venray_s(
    twee_gemeenten, venray_staat, bron, django_capture_on_commit_callbacks
):
    g = twee_gemeenten
    venray_301 = Bericht.objects.get(gemeente=g.venray, soort="JW301")
    Bericht.objects.filter(pk=venray_301.pk).update(
        status=venray_staat, verzonden_op=None if venray_staat != "verzonden" else venray_301.verzonden_op
    )
    voor = bytes(Bericht.objects.get(pk=venray_301.pk).xml)
    _toekenning(g.venlo, django_capture_on_commit_callbacks, aanbieder=g.aanbieder, inwoner=g.inwoner)
    venlo_301 = Bericht.objects.get(gemeente=g.venlo, soort="JW301")
    assert venlo_301.pk != venray_301.pk and venlo_301.wacht_op_id is None, bron
    assert venlo_301.status == "verzonden", bron
    assert bytes(Bericht.objects.get(pk=venray_301.pk).xml) == voor, bron  # Venray's untouched
    _d, _n, inhoud = naar_dict(lees(bytes(venlo_301.xml)))
    nummers = {p["ToewijzingNummer"] for p in inhoud["Client"]["ToegewezenProducten"]["ToegewezenProduct"]}
    assert nummers == {str(t.nummer) for t in Toewijzing.objects.filter(gemeente=g.venlo)}, bron
    assert set(venlo_301.toewijzingen.values_list("gemeente", flat=True)) == {g.venlo.pk}, bron


def test_the_cockpit_compares_a_301_only_with_its_own_gemeente_s_previous_one(
    twee_gemeenten, django_capture_on_commit_callbacks
):
    """Venlo's backoffice never sees Venray's 301 (afzender, toewijzingnummer, dates) in the diff; the
    previous 301 it does see is read through the scope and audited."""
    g = twee_gemeenten
    # The client moved: Venray's care ended, or the verlenging below would meet a second Perspectief 1 at the
    # same aanbieder (toelichting 7).
    Toewijzing.objects.filter(gemeente=g.venray).update(
        ingangsdatum=VANDAAG - timedelta(days=300), einddatum=VANDAAG - timedelta(days=1)
    )
    venray_301 = Bericht.objects.get(gemeente=g.venray, soort="JW301")
    dossier, beslisser = _toekenning(
        g.venlo, django_capture_on_commit_callbacks, aanbieder=g.aanbieder, inwoner=g.inwoner
    )
    eerste = Bericht.objects.get(gemeente=g.venlo, soort="JW301")
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [g.venlo]))
    tekst = kantoor.get(f"/berichten/{eerste.pk}/").content.decode()
    assert "Verschil met de vorige" not in tekst
    assert "0984" not in tekst  # Venray's CBS code (its Afzender) nowhere on the page
    gelezen = AuditEvent.objects.filter(actie=Actie.LEZEN, object_type="berichten.bericht")
    assert not gelezen.filter(object_id=str(venray_301.pk)).exists()  # Venray's 301 never read
    # A second Venlo 301 is compared with the first, and that read is audited.
    t = Toewijzing.objects.get(dossier=dossier)
    Bericht.objects.filter(pk=eerste.pk).update(status="retour_ontvangen")
    with django_capture_on_commit_callbacks(execute=True):
        toewijzing_oprekken(door=beslisser, toewijzing=t, einddatum=t.einddatum + timedelta(days=30), reden="x")
    tweede = Bericht.objects.filter(gemeente=g.venlo, soort="JW301").latest("pk")
    tekst = kantoor.get(f"/berichten/{tweede.pk}/").content.decode()
    assert f"Verschil met de vorige JW301 ({eerste.identificatie})" in tekst
    assert gelezen.filter(object_id=str(eerste.pk), omschrijving__contains="vergeleken").exists()


def test_the_garantiefase_hint_names_only_this_gemeente_s_toewijzing(twee_gemeenten):
    """Handboek verwijzers jeugdhulp §1.1.2.2.2.1 en §1.2: the hint on a 315 points at a toewijzing to stretch; Venray's
    cannot be stretched by Venlo, and Venlo's backoffice may not read it."""
    from berichten.toewijzingsverzoeken import garantiefase

    g = twee_gemeenten
    Toewijzing.objects.filter(gemeente=g.venray).update(
        ingangsdatum=VANDAAG - timedelta(days=300), einddatum=VANDAAG - timedelta(days=30)
    )
    heen = Bericht(gemeente=g.venlo, aanbieder=g.aanbieder, domein="jeugd")
    product = {"ToewijzingIngangsdatum": VANDAAG.isoformat()}
    assert garantiefase(heen, g.inwoner, Product.objects.get(code="45L12"), product) == ""
    heen.gemeente = g.venray  # Venray itself is told
    assert "garantiefase" in garantiefase(heen, g.inwoner, Product.objects.get(code="45L12"), product)


@pytest.mark.parametrize("pad", ["productie", "bench"])
def test_what_a_301_carries_is_only_its_own_gemeente_s(twee_gemeenten, pad, django_capture_on_commit_callbacks):
    """OP087 for production (`_inhoud_301`, also when a message's redenen name a toewijzing) and for the
    bench that measures it (`_op087`): all actual toewijzingen of this client at this aanbieder from this
    gemeente, never another gemeente's."""
    from bench.berichten_doorvoer import _op087
    from berichten.uitgaand import _inhoud_301

    g = twee_gemeenten
    _toekenning(g.venlo, django_capture_on_commit_callbacks, aanbieder=g.aanbieder, inwoner=g.inwoner)
    venlo_t = Toewijzing.objects.select_related("inwoner", "aanbieder").get(gemeente=g.venlo)
    venray_t = Toewijzing.objects.get(gemeente=g.venray)
    if pad == "productie":
        groep = _inhoud_301(venlo_t, {str(venray_t.pk): "04"})
    else:
        _t, groep = _op087([venlo_t.pk], "jeugd", VANDAAG)[venlo_t.pk]
    assert [x.pk for x in groep] == [venlo_t.pk]


def test_the_cockpit_names_a_related_message_only_within_the_scope(twee_gemeenten, django_capture_on_commit_callbacks):
    """A Venlo 301 that (before this fix) waited on Venray's 301: the detail page neither names nor links
    it; one of its own gemeente it does."""
    g = twee_gemeenten
    venray_301 = Bericht.objects.get(gemeente=g.venray, soort="JW301")
    _toekenning(g.venlo, django_capture_on_commit_callbacks, aanbieder=g.aanbieder, inwoner=g.inwoner)
    venlo_301 = Bericht.objects.get(gemeente=g.venlo, soort="JW301")
    Bericht.objects.filter(pk=venlo_301.pk).update(wacht_op=venray_301, status="wacht")
    kantoor = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [g.venlo]))
    tekst = kantoor.get(f"/berichten/{venlo_301.pk}/").content.decode()
    assert "Wacht op de retour van</dt>" not in tekst and f"/berichten/{venray_301.pk}/" not in tekst
    regionaal = ingelogde_client(maak_gebruiker(Rol.BACKOFFICE, [g.venlo, g.venray]))
    assert f"/berichten/{venray_301.pk}/" in regionaal.get(f"/berichten/{venlo_301.pk}/").content.decode()


def test_a_317_with_only_unchanged_and_new_products_stays_with_its_own_client(
    lopend,
    django_capture_on_commit_callbacks,
):
    """OP306/OP348: the gewijzigde beschikking of a 317 belongs to the client it is about. With nothing to
    change on an existing number (OngewijzigdProduct + NieuwProduct), the dossier was taken from the
    aanbieder's latest toewijzing in the gemeente — another client's."""
    from berichten.wijzigingsverzoeken import wijzigingsverzoek_honoreren
    from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
    from verwijzing.factories import aanvraag_dossier

    t, backoffice = lopend
    venlo = t.gemeente
    consulent = maak_gebruiker(Rol.CONSULENT, [venlo], domein_jeugd=True)
    ander = aanvraag_dossier(gemeente=venlo, consulent=consulent, aanbieder=t.aanbieder)  # a later client
    b = beschikking_opstellen(
        door=backoffice, dossier=ander, soort="toekenning", toegekend=list(ander.indicaties.all()), motivering="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        beschikking_vaststellen(door=backoffice, beschikking=b)
        bericht_ontvangen(_vow(t, ongewijzigd=(t.nummer,), nieuw=[_nieuw()]), kanaal="map")
        beschikking = wijzigingsverzoek_honoreren(
            door=backoffice, taak=Wijzigingsverzoek.objects.get(), motivering="Meer hulp nodig."
        )
    erbij = Toewijzing.objects.get(product__code="54L01")
    assert (erbij.inwoner_id, beschikking.dossier_id) == (t.inwoner_id, t.dossier_id)
