"""Helpers shared by the berichten tests: messages an aanbieder sends and a toewijzing to send them about."""

import re
from datetime import date, timedelta

from accounts.models import Rol
from inwoners.bsn import nde_bsn
from inwoners.factories import inwoner_in
from istandaard.xml import naar_xml
from producten.eenheden import IJW_EENHEID
from producten.factories import ContractFactory
from producten.models import Product
from tests.conftest import jaren_geleden, maak_gebruiker
from verwijzing.beschikking.services import beschikking_opstellen, beschikking_vaststellen
from verwijzing.factories import aanvraag_dossier

VANDAAG = date.today()


def _gif(xml: bytes) -> bytes:
    """A valid message made poison: a DOCTYPE after the first 2 KB (behind a comment) and an undeclared
    entity. lxml reads it without complaint and its XSD validation then raises XMLSchemaValidateError."""
    verklaring, rest = xml.split(b"?>", 1)
    opvulling = b"<!--" + b"x" * 2100 + b"-->"
    rest = re.sub(rb"(<\w+:Achternaam>)", rb"\1&onbekend;", rest, count=1)
    assert b"&onbekend;" in rest
    return verklaring + b"?>" + opvulling + b'<!DOCTYPE Bericht SYSTEM "bericht.dtd">' + rest


def _vot(
    aanbieder,
    referentie="REF-1",
    identificatie="V1",
    bsn=None,
    *,
    producten=None,
    achternaam="Verwezen",
    ontvanger="0983",
    **client,
):
    """A JW315 from `aanbieder`: one product 45L12 (or `producten`, each over that one), extra Client elements."""
    product = {
        "ReferentieAanbieder": referentie,
        "Product": {"Categorie": "45", "Code": "45L12"},
        "ToewijzingIngangsdatum": VANDAAG + timedelta(days=7),
        "ToewijzingEinddatum": VANDAAG + timedelta(days=200),
        "Omvang": {"Volume": 1, "Eenheid": "82", "Frequentie": "6"},
        "Verwijzer": {"Type": "02", "ZorgverlenerCode": "01234567"},
    }
    return naar_xml(
        "jeugd",
        "315",
        {
            "Header": {
                "BerichtCode": "446",
                "BerichtVersie": 3,
                "BerichtSubversie": 2,
                "Afzender": aanbieder.agb_code,
                "Ontvanger": ontvanger,
                "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": VANDAAG},
                "XsdVersie": {"BasisschemaXsdVersie": "1.0.0", "BerichtXsdVersie": "1.0.0"},
            },
            "Client": {
                "Bsn": bsn or nde_bsn(4242),
                "Geboortedatum": {"Datum": date(2015, 3, 3)},
                "Geslacht": "2",
                "Naam": {"Geslachtsnaam": {"Achternaam": achternaam}},
                **client,
                "AangevraagdeProducten": {
                    "AangevraagdProduct": [{**product, **p} for p in (producten or [{}])],
                },
            },
        },
    )


def _toekenning(gem, capture, *, domein="jeugd", producten=("45L12",), aanbieder=None, inwoner=None):
    consulent = maak_gebruiker(Rol.CONSULENT, [gem], domein_jeugd=True, domein_wmo=True)
    backoffice = maak_gebruiker(Rol.BACKOFFICE, [gem])
    if aanbieder is None:
        aanbieder = ContractFactory(product=Product.objects.get(code=producten[0]), gemeente=gem).aanbieder
    if inwoner is None:
        inwoner = inwoner_in(gem, geboortedatum=jaren_geleden((9 if domein == "jeugd" else 50), VANDAAG))
    dossier = aanvraag_dossier(
        gemeente=gem, consulent=consulent, domein=domein, producten=producten, aanbieder=aanbieder, inwoner=inwoner
    )
    beslisser = backoffice if domein == "jeugd" else consulent
    b = beschikking_opstellen(
        door=beslisser, dossier=dossier, soort="toekenning", toegekend=list(dossier.indicaties.all()), motivering="x"
    )
    with capture(execute=True):
        beschikking_vaststellen(door=beslisser, beschikking=b)
    return dossier, beslisser


def _vow(t, *, referentie="VOW-1", identificatie="W1", te_wijzigen=None, ongewijzigd=(), nieuw=(), bsn=None):
    verzoek = {"ReferentieAanbieder": referentie, "RedenVerzoek": "2"}
    if ongewijzigd:
        verzoek["OngewijzigdeProducten"] = {"OngewijzigdProduct": [{"ToewijzingNummer": n} for n in ongewijzigd]}
    if te_wijzigen is not None:
        verzoek["TeWijzigenProducten"] = {"TeWijzigenProduct": te_wijzigen}
    if nieuw:
        verzoek["NieuweProducten"] = {"NieuwProduct": list(nieuw)}
    return naar_xml(
        "jeugd",
        "317",
        {
            "Header": {
                "BerichtCode": "486",
                "BerichtVersie": 3,
                "BerichtSubversie": 2,
                "Afzender": t.aanbieder.agb_code,
                "Ontvanger": "0983",
                "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": VANDAAG},
                "XsdVersie": {"BasisschemaXsdVersie": "1.0.0", "BerichtXsdVersie": "1.0.0"},
            },
            "Client": {"Bsn": bsn or t.inwoner.bsn, "Verzoek": verzoek},
        },
    )


def _wijzig(t, **veranderd):
    p = {
        "ToewijzingNummer": t.nummer,
        "GewensteIngangsdatum": t.ingangsdatum,
        "Einddatum": t.einddatum,
        "Omvang": {"Volume": t.volume, "Eenheid": IJW_EENHEID[t.eenheid].eenheid, "Frequentie": t.frequentie},
    }
    return {**p, **veranderd}


def _nieuw():
    return {
        "Product": {"Categorie": "54", "Code": "54L01"},
        "GewensteIngangsdatum": VANDAAG + timedelta(days=14),
        "Einddatum": VANDAAG + timedelta(days=120),
        "Omvang": {"Volume": 10, "Eenheid": "04", "Frequentie": "6"},
    }


def _kop(code, t, identificatie="A1", dagtekening=None):
    return {
        "BerichtCode": code,
        "BerichtVersie": 3,
        "BerichtSubversie": 2,
        "Afzender": t.aanbieder.agb_code,
        "Ontvanger": "0983",
        "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": dagtekening or VANDAAG},
        "XsdVersie": {"BasisschemaXsdVersie": "1.0.0", "BerichtXsdVersie": "1.0.0"},
    }


def _client(t):
    return {
        "Bsn": t.inwoner.bsn,
        "Geboortedatum": {"Datum": t.inwoner.geboortedatum},
        "Geslacht": t.inwoner.geslacht,
        "Naam": {"Geslachtsnaam": {"Achternaam": t.inwoner.geslachtsnaam}},
    }


def _start(t, nummer=None, status="1", begin=None, **kop):
    product = {"ToewijzingNummer": nummer or t.nummer, "Begindatum": begin or VANDAAG, "StatusAanlevering": status}
    return naar_xml(
        "jeugd",
        "305",
        {"Header": _kop("438", t, **kop), "Client": {**_client(t), "StartProducten": {"StartProduct": [product]}}},
    )


def _stop(t, begin, **kop):
    product = {"ToewijzingNummer": t.nummer, "Begindatum": begin, "RedenBeeindiging": "31", "Einddatum": VANDAAG}
    product["StatusAanlevering"] = "1"
    return naar_xml(
        "jeugd",
        "307",
        {"Header": _kop("440", t, **kop), "Client": {**_client(t), "StopProducten": {"StopProduct": [product]}}},
    )
