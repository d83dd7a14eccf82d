"""The fast paths of the outgoing pipeline are the slow ones, only faster (bench/berichten_doorvoer.py):

- `xml.schrijf` writes the bytes lxml's tree and pretty print wrote (`_via_lxml`, the reference), and the
  dict it returns is the one `naar_dict` reads back from those bytes whenever it says so (`getrouw`);
- `valideer_geschreven` gives the Uitslag `valideer(bytes)` gives;
- `MapTransport.verstuur_reeks` writes atomically and durably (each file fsync'ed before its rename, one
  folder fsync after the last rename), idempotently, and nothing at all when a name is taken;
- the bench's OP087 batch builds every message without a query, and its COPY stores the rows
  bulk_create would."""

from __future__ import annotations

import copy
import os
from datetime import date, time

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import berichten_doorvoer as bench
from berichten.models import Bericht, BerichtStatus
from berichten.transport import MapTransport, TransportFout
from istandaard.opbouw import client_301, header
from istandaard.validatie import valideer, valideer_geschreven
from istandaard.xml import _plan, _via_lxml, lees, naar_dict, naar_xml, schrijf
from tests.berichten.berichtfabriek import GEVALLEN, bericht
from tests.berichten.voorbeeld import jw301

VANDAAG = date.today()


def _gelijk(domein: str, nummer: str, gegevens: dict) -> None:
    """schrijf == the lxml reference, byte for byte (or both refuse), and the rest of the contract."""
    try:
        verwacht = _via_lxml(_plan(domein, nummer), gegevens)
    except ValueError:
        with pytest.raises(ValueError):
            schrijf(domein, nummer, gegevens)
        return
    geschreven = schrijf(domein, nummer, gegevens)
    assert geschreven.xml == verwacht
    assert naar_xml(domein, nummer, gegevens) == verwacht
    assert not verwacht.startswith(b"\xef\xbb\xbf") and b"\n" not in verwacht.replace(b"\r\n", b"")
    if geschreven.getrouw:
        assert naar_dict(lees(verwacht)) == (domein, nummer, geschreven.gegevens)
    snel, traag = valideer_geschreven(geschreven), valideer(verwacht)
    assert (snel.soort, snel.domein, snel.nummer) == (traag.soort, traag.domein, traag.nummer)
    assert (snel.gegevens, snel.bevindingen, snel.schemafout) == (traag.gegevens, traag.bevindingen, traag.schemafout)


def _antwoord(domein: str) -> dict:
    kop = jw301(domein)["Header"]
    kop["BerichtCode"] = "488" if domein == "jeugd" else "482"
    antwoord = {"ReferentieAanbieder": "R&1 <x>", "VerzoekAntwoord": "1", "RedenAfwijzingVerzoek": "8"}
    return {"Header": kop, "Antwoord": {**antwoord, "Woonplaatsbeginsel": {"Gemeente": "0983"}}}


@pytest.mark.parametrize("domein", ["jeugd", "wmo"])
def test_the_writer_is_the_lxml_writer_for_the_shapes_a_message_takes(domein):
    g = jw301(domein)
    _gelijk(domein, "301", g)
    _gelijk(domein, "319", _antwoord(domein))  # Woonplaatsbeginsel: only in the iJw message
    producten = g["Client"]["ToegewezenProducten"]["ToegewezenProduct"]
    tweede = {**copy.deepcopy(producten[0]), "ToewijzingNummer": 2, "Toewijzingstijd": time(9, 5, 7)}
    producten.append({**tweede, "Omvang": None, "Budget": 0, "Einddatum": VANDAAG})  # 0 is written, None not
    g["Client"]["Naam"] |= {"Voornamen": "", "Partnernaam": {}}  # "" left out; {} an empty element
    g["Client"]["Contactgegevens"]["Contact"].append({"Soort": "02", "Adres": {"Plaatsnaam": "Tegelen"}})
    g["Client"]["Commentaar"] = "een\r\ntwee\nen & <drie> ]]> 'vier' \"vijf\" \u2028 é 𝄞"
    _gelijk(domein, "301", g)
    _gelijk(domein, "301", {})  # nothing at all: <Bericht/>
    _gelijk(domein, "302", {"Header": {**g["Header"], "BerichtCode": "437" if domein == "jeugd" else "415"}})


def test_every_character_that_is_no_xml_char_is_unprintable():
    """The writer asks the XML Char question only of values that are not printable."""
    from istandaard.xml import _GEEN_XML

    geen_xml = [c for c in map(chr, range(0x110000)) if _GEEN_XML.fullmatch(c)]
    assert len(geen_xml) == 2079 and not any(c.isprintable() for c in geen_xml)


def test_what_lxml_refuses_it_still_refuses():
    g = jw301()
    g["Client"]["Naam"]["Geslachtsnaam"]["Achternaam"] = "nul\x00byte"
    with pytest.raises(ValueError):
        naar_xml("jeugd", "301", g)
    g["Client"]["Naam"]["Geslachtsnaam"]["Achternaam"] = "\ufffe"
    with pytest.raises(ValueError):
        naar_xml("jeugd", "301", g)


# Text the way a person, a database or an attacker writes it: whitespace, line ends, markup, controls.
TEKENS = [" ", "\t", "\n", "\r", "a", "Z", "0", "&", "<", ">", "]", "'", '"', "é", "\u2028", "\x85", "\x01"]
TEKST = st.text(st.sampled_from(TEKENS), max_size=8) | st.text(max_size=12)
PADEN = [
    ("Client", "Naam", "Geslachtsnaam", "Achternaam"),
    ("Client", "Naam", "Voorletters"),
    ("Client", "Commentaar"),
    ("Client", "Contactgegevens", "Contact", 0, "Adres", "Postcode"),
    ("Client", "Contactgegevens", "Contact", 0, "Adres", "Straatnaam"),
    ("Client", "ToegewezenProducten", "ToegewezenProduct", 0, "ReferentieAanbieder"),
    ("Header", "BerichtIdentificatie", "Identificatie"),
]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PADEN), TEKST), min_size=1, max_size=4), st.sampled_from(["jeugd", "wmo"]))
def test_any_text_same_bytes_same_dict_same_findings(wijzigingen, domein):
    g = jw301(domein)
    for pad, tekst in wijzigingen:
        plek = g
        for stap in pad[:-1]:
            plek = plek[stap]
        plek[pad[-1]] = tekst
    _gelijk(domein, "301", g)


def test_a_value_that_could_read_back_otherwise_is_validated_from_its_bytes():
    g = jw301()
    g["Client"]["Naam"]["Geslachtsnaam"]["Achternaam"] = " \nJansen"  # the parser drops the leading blank
    geschreven = schrijf("jeugd", "301", g)
    assert not geschreven.getrouw
    assert valideer_geschreven(geschreven).gegevens == valideer(geschreven.xml).gegevens
    assert valideer_geschreven(geschreven).gegevens["Client"]["Naam"]["Geslachtsnaam"]["Achternaam"] == "\nJansen"


class _B:
    def __init__(self, identificatie: str, xml: bytes, soort: str = "JW301", afzender: str = "0983"):
        self.soort, self.afzender, self.identificatie, self.xml = soort, afzender, identificatie, xml


def _volg_fsync(monkeypatch) -> list:
    """Records, in order, every fsync (of a file or of the folder) and every rename."""
    gebeurd, fsync, replace = [], os.fsync, os.replace

    def volg_fsync(fd):
        gebeurd.append(("fsync", "map" if os.path.isdir(f"/proc/self/fd/{fd}") else "bestand"))
        fsync(fd)

    def volg_replace(van, naar):
        gebeurd.append(("rename", os.path.basename(naar)))
        replace(van, naar)

    monkeypatch.setattr(os, "fsync", volg_fsync)
    monkeypatch.setattr(os, "replace", volg_replace)
    return gebeurd


def test_a_batch_is_written_whole_durable_and_idempotent(tmp_path, settings, monkeypatch):
    settings.TOEGANG_BERICHTEN_FSYNC = True
    transport = MapTransport(uit=tmp_path)
    berichten = [_B(f"{n:012d}", f"<x>{n}</x>\r\n".encode()) for n in range(1, 41)]
    gebeurd = _volg_fsync(monkeypatch)
    namen = transport.verstuur_reeks(berichten, schrijvers=4)
    assert namen == [f"JW301-0983-{n:012d}.xml" for n in range(1, 41)]
    assert sorted(os.listdir(tmp_path)) == sorted(namen)  # no temporary file left
    assert all((tmp_path / naam).read_bytes() == b.xml for naam, b in zip(namen, berichten, strict=True))
    # Policy: every file's data fsync'ed before any rename, then one folder fsync after the last rename.
    assert gebeurd.count(("fsync", "bestand")) == 40 and gebeurd.count(("fsync", "map")) == 1
    eerste_rename = next(i for i, g in enumerate(gebeurd) if g[0] == "rename")
    assert all(g == ("fsync", "bestand") for g in gebeurd[:eerste_rename])
    assert gebeurd[-1] == ("fsync", "map") and sum(g[0] == "rename" for g in gebeurd) == 40
    gebeurd.clear()
    assert transport.verstuur_reeks([*berichten, berichten[0]]) == [*namen, namen[0]]  # a retry: already there
    assert gebeurd == []


def test_a_batch_with_a_taken_name_writes_nothing(tmp_path):
    transport = MapTransport(uit=tmp_path)
    transport.verstuur(_B("000000000002", b"<oud/>"))
    with pytest.raises(TransportFout, match="andere inhoud"):
        transport.verstuur_reeks([_B("000000000001", b"<a/>"), _B("000000000002", b"<nieuw/>")])
    assert os.listdir(tmp_path) == ["JW301-0983-000000000002.xml"]
    with pytest.raises(TransportFout, match="twee keer"):
        transport.verstuur_reeks([_B("000000000003", b"<a/>"), _B("000000000003", b"<b/>")])
    assert os.listdir(tmp_path) == ["JW301-0983-000000000002.xml"]


def test_a_failing_write_leaves_no_temporary_file_and_is_retried_whole(tmp_path, monkeypatch):
    transport = MapTransport(uit=tmp_path)
    berichten = [_B(f"{n:012d}", b"<x/>") for n in range(1, 9)]
    write, teller = os.write, []

    def vol(fd, data):
        teller.append(1)
        if len(teller) == 5:
            raise OSError(28, "No space left on device")
        return write(fd, data)

    monkeypatch.setattr(os, "write", vol)
    with pytest.raises(TransportFout, match="No space"):
        transport.verstuur_reeks(berichten, schrijvers=3)
    assert os.listdir(tmp_path) == []
    monkeypatch.setattr(os, "write", write)
    assert len(transport.verstuur_reeks(berichten)) == 8 and len(os.listdir(tmp_path)) == 8


def test_without_fsync_there_is_none(tmp_path, settings, monkeypatch):
    settings.TOEGANG_BERICHTEN_FSYNC = False
    gebeurd = _volg_fsync(monkeypatch)
    MapTransport(uit=tmp_path).verstuur_reeks([_B(f"{n:012d}", b"<x/>") for n in range(1, 4)])
    assert [g for g in gebeurd if g[0] == "fsync"] == [] and len(os.listdir(tmp_path)) == 3


@pytest.mark.django_db
def test_the_bench_batch_builds_without_queries_and_copy_stores_what_bulk_create_stores(
    tmp_path, django_assert_num_queries, monkeypatch
):
    from organisaties.models import Gemeente

    ids = bench.maak_toewijzingen(6, "jeugd")
    per_pk = bench._op087(ids, "jeugd", VANDAAG)
    cbs = dict(Gemeente.objects.values_list("pk", "cbs_code"))
    with django_assert_num_queries(0):
        gegevens = [
            {
                "Header": header(
                    "jeugd",
                    "301",
                    afzender=cbs[t.gemeente_id],
                    ontvanger=t.aanbieder.agb_code,
                    identificatie=f"{n:012d}",
                    dagtekening=VANDAAG,
                ),
                "Client": client_301(t.inwoner, groep, {}, "jeugd"),
            }
            for n, (t, groep) in enumerate(per_pk[pk] for pk in ids)
        ]
    assert all(valideer_geschreven(schrijf("jeugd", "301", g)).geldig for g in gegevens)

    xml = naar_xml("jeugd", "301", gegevens[0])
    fouten = [{"regel": "TR302", "pad": "a\tb\\c\nd", "uitleg": "één", "retourcode": "0001"}]
    t = per_pk[ids[0]][0]
    rij = bench._Uit("JW301", "0983", "900000000001", xml, t, BerichtStatus.VERZONDEN, [])
    afgekeurd = bench._Uit("JW301", "0983", "900000000002", xml, t, BerichtStatus.AFGEKEURD, fouten)
    assert connection.vendor == "postgresql" and bench._copy_kan()
    bench._bewaar([rij, afgekeurd], "jeugd", VANDAAG)
    monkeypatch.setattr(bench, "_copy_kan", lambda: False)
    bench._bewaar([rij._replace(identificatie="900000000003")], "jeugd", VANDAAG)
    bench._bewaar([afgekeurd._replace(identificatie="900000000004")], "jeugd", VANDAAG)
    rijen = {b.identificatie: b for b in Bericht.objects.filter(identificatie__startswith="9000000000")}
    velden = [f.attname for f in Bericht._meta.concrete_fields if f.attname not in {"id", "identificatie"}]

    def zonder_tijd(b):
        return {v: getattr(b, v) for v in velden if not v.endswith("_op")} | {"xml": bytes(b.xml)}

    assert zonder_tijd(rijen["900000000001"]) == zonder_tijd(rijen["900000000003"])
    assert zonder_tijd(rijen["900000000002"]) == zonder_tijd(rijen["900000000004"])
    assert rijen["900000000002"].fouten == fouten and bytes(rijen["900000000001"].xml) == xml
    assert rijen["900000000001"].verzonden_op and rijen["900000000002"].verzonden_op is None
    assert all(b.aangemaakt_op and b.gewijzigd_op for b in rijen.values())


@pytest.mark.parametrize(("domein", "nummer", "kw"), GEVALLEN)
def test_the_writer_is_the_lxml_writer_for_every_message_type(domein, nummer, kw):
    """Every message type of both domains as the factories build it — the retours three ways (IV028) —
    written byte for byte as the definition-driven lxml writer writes it."""
    _gelijk(domein, nummer, bericht(domein, nummer, **kw))
