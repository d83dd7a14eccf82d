"""`manage.py regels …` — the rules module for functioneel beheer and scripts.

Exit code 0 whatever the verdict; 2 with a Dutch message on stderr for bad input.
"""

import json
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from regie import stapeling as stapeling_module
from regie import tarief as tarief_module
from regie import termijnen
from regie.bevinding import resultaat
from regie.regelset import regelset
from regie.toets import OngeldigeInvoer, get_aanbieder, get_gemeente, lees_lopend, toets


def _fout(tekst: str) -> CommandError:
    return CommandError(tekst, returncode=2)


def _datum(waarde: str | None, naam: str) -> date | None:
    if waarde is None:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        raise _fout(f"Ongeldige datum voor {naam}: {waarde!r}. Gebruik JJJJ-MM-DD met een bestaande datum.") from None


def _moment(waarde: str) -> date | datetime:
    try:
        return datetime.fromisoformat(waarde) if "T" in waarde or " " in waarde else date.fromisoformat(waarde)
    except ValueError:
        raise _fout(f"Ongeldige datum voor --vanaf: {waarde!r}. Gebruik JJJJ-MM-DD (of JJJJ-MM-DDTUU:MM).") from None


class Command(BaseCommand):
    help = "Vraag de regionale regels: product, stapeling, tarief, termijn en toets (met --json)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="vraag", required=True)
        p = sub.add_parser("product", help="De catalogusgegevens van een product.")
        p.add_argument("code")
        p.add_argument("--json", action="store_true")
        p.add_argument("--datum")
        s = sub.add_parser("stapeling", help="Mogen deze producten tegelijk?")
        s.add_argument("codes", nargs="+")
        s.add_argument("--datum")
        s.add_argument("--json", action="store_true")
        t = sub.add_parser("tarief", help="Het tarief van een product op een datum.")
        t.add_argument("code")
        t.add_argument("--aanbieder", required=True, help="micro, regulier of een AGB-code")
        t.add_argument("--gemeente")
        t.add_argument("--datum")
        t.add_argument("--json", action="store_true")
        m = sub.add_parser("termijn", help="Tot wanneer loopt een termijn?")
        m.add_argument("soort", nargs="?")
        m.add_argument("--vanaf")
        m.add_argument("--lijst", action="store_true")
        m.add_argument("--json", action="store_true")
        o = sub.add_parser("toets", help="Alle bevindingen voor één voorgestelde indicatie.")
        o.add_argument("--product", required=True)
        o.add_argument("--geboortedatum", required=True)
        o.add_argument(
            "--datumgebruik",
            choices=["1", "2", "3"],
            default="",
            help="Wat onbekend is van de geboortedatum (OP252): 1 dag, 2 dag en maand, 3 alles.",
        )
        o.add_argument("--gemeente", required=True)
        o.add_argument("--aanbieder")
        o.add_argument("--ingangsdatum", required=True)
        o.add_argument("--einddatum")
        o.add_argument(
            "--lopend",
            nargs="*",
            action="extend",
            default=[],
            metavar="CODE[@AGB][:VAN[:TOT]]",
            help="Een lopende toewijzing met (optioneel) aanbieder en periode; herhaalbaar.",
        )
        o.add_argument(
            "--eerder",
            action="append",
            default=[],
            metavar="CODE[@AGB]:VAN:TOT",
            help="Een afgesloten toewijzing of indicatie; herhaalbaar.",
        )
        o.add_argument("--verwijzer", default="toegang", help="toegang, gi, huisarts, jeugdarts, … of strafrecht")
        o.add_argument("--garantiefase-na", help="Einddatum van een afgesloten traject (JJJJ-MM-DD).")
        o.add_argument("--peildatum")
        o.add_argument("--bijzondere-toegang", action="store_true")
        o.add_argument("--herindicatie", action="store_true")
        o.add_argument("--verlenging", action="store_true", help="Het voorstel verlengt een lopende indicatie.")
        o.add_argument("--json", action="store_true")

    def handle(self, *args, vraag, **opties):
        try:
            uitvoer = getattr(self, f"_{vraag}")(**opties)
        except (OngeldigeInvoer, stapeling_module.OnbekendProduct) as fout:
            raise _fout(str(fout)) from fout
        if opties.get("json"):
            self.stdout.write(json.dumps(uitvoer, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(self._tekst(uitvoer))

    def _tekst(self, uitvoer) -> str:
        if isinstance(uitvoer, dict) and "bevindingen" in uitvoer:
            regels = [f"Uitkomst: {uitvoer['uitkomst']}"]
            for b in uitvoer["bevindingen"]:
                regels.append(f"- [{b['uitkomst']}] {b['regel']}: {b['uitleg']} ({b['bron']})")
            return "\n".join(regels)
        return json.dumps(uitvoer, ensure_ascii=False, indent=2, default=str)

    def _rs(self, datum):
        return regelset(_datum(datum, "--datum") or timezone.localdate())

    def _product(self, code, datum=None, **_):
        rs = self._rs(datum)
        stapeling_module.check_codes(rs, [code])
        p = rs.producten[code]
        tarieven = [
            {
                "soort": t.soort,
                "bedrag": None if t.bedrag is None else f"{t.bedrag:.2f}",
                "geldig_vanaf": t.geldig_vanaf.isoformat(),
                "bron": t.bron,
            }
            for t in rs.tarieven.get(code, [])
        ]
        return {
            "productcode": p.code,
            "naam": p.naam,
            "domein": p.domein,
            "segment": p.segment,
            "eenheid": p.eenheid,
            "tarieven": tarieven,
            "leeftijden": {"min": p.leeftijd_min, "tot": p.leeftijd_max, "bron": p.leeftijd_bron},
            "matchingsgesprek_vereist": p.matchingsgesprek,
            "bijzondere_toegang": p.bijzondere_toegang,
            "perceel": p.perceel,
            "bron": p.bron,
        }

    def _stapeling(self, codes, datum=None, **_):
        rs = self._rs(datum)
        return resultaat(stapeling_module.stapeling(rs, codes))

    def _tarief(self, code, aanbieder, gemeente=None, datum=None, **_):
        rs = self._rs(datum)
        stapeling_module.check_codes(rs, [code])
        cbs = get_gemeente(gemeente).cbs_code if gemeente else None
        if aanbieder in {"micro", "regulier"}:
            uitkomst = tarief_module.tarief(rs, code, aanbieder_type=aanbieder, gemeente_cbs=cbs)
        else:
            a = get_aanbieder(aanbieder)
            soort = a.type_op(rs.producten[code].domein, rs.peildatum)
            uitkomst = tarief_module.tarief(
                rs,
                code,
                aanbieder_type=soort if soort in {"micro", "regulier"} else None,
                aanbieder_id=a.pk,
                gemeente_cbs=cbs,
            )
        return uitkomst.als_dict()

    def _termijn(self, soort=None, vanaf=None, lijst=False, **_):
        rs = regelset(timezone.localdate())
        if lijst:
            return [
                {
                    "soort": t.soort,
                    "naam": t.naam,
                    "aantal": t.aantal,
                    "eenheid": t.eenheid,
                    "wettelijk": t.wettelijk,
                    "vanaf": t.vanaf,
                    "bron": t.bron,
                }
                for t in sorted(rs.termijnen.values(), key=lambda t: t.soort)
            ]
        if not soort:
            raise _fout("Geef een soort termijn, of --lijst.")
        if soort not in rs.termijnen:
            raise _fout(f"Onbekende termijn: {soort}. Zie `regels termijn --lijst`.")
        if not vanaf:
            raise _fout("Geef --vanaf JJJJ-MM-DD.")
        return termijnen.bereken(rs.termijnen[soort], _moment(vanaf), rs.feestdagen).als_dict()

    def _toets(
        self,
        product,
        geboortedatum,
        gemeente,
        ingangsdatum,
        datumgebruik="",
        aanbieder=None,
        einddatum=None,
        lopend=(),
        eerder=(),
        verwijzer="toegang",
        garantiefase_na=None,
        peildatum=None,
        bijzondere_toegang=False,
        herindicatie=False,
        verlenging=False,
        **_,
    ):
        uitkomst = toets(
            productcode=product,
            geboortedatum=_datum(geboortedatum, "--geboortedatum"),
            geboortedatum_gebruik=datumgebruik or "",
            gemeente=get_gemeente(gemeente),
            ingangsdatum=_datum(ingangsdatum, "--ingangsdatum"),
            einddatum=_datum(einddatum, "--einddatum"),
            aanbieder=get_aanbieder(aanbieder) if aanbieder else None,
            lopend=[lees_lopend(w) for w in lopend],
            eerder=[lees_lopend(w, periode_verplicht=True) for w in eerder],
            verwijzer=verwijzer,
            garantiefase_na=_datum(garantiefase_na, "--garantiefase-na"),
            peildatum=_datum(peildatum, "--peildatum"),
            bijzondere_toegang=bijzondere_toegang,
            herindicatie=herindicatie,
            verlenging=verlenging,
        )
        return uitkomst.als_dict()
