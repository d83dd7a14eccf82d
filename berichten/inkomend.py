"""Receiving: what the aanbieder sends (302, 305, 307, 315, 317, 320), through the folder, an upload or
the API, all through `bericht_ontvangen`.

IV032: a message that fails the schema gets no retourbericht: it is kept in quarantine with StUF055.
One that passes the schema but breaks a rule gets a retour with the rule's code and changes nothing.
A heenbericht (305, 307, 315, 317) is answered with its retour (306, 308, 316, 318) within 3
werkdagen (OP090): here, at once.

Every message is matched to its sender: a retour (302/320) answers only what this gemeente sent to the
aanbieder in its header (IV028), a 305/307/317 refers only to the sending aanbieder's toewijzingen, and
where the transport knows the sender the header must name it. What no retour can answer changes nothing,
shows in the cockpit and is mailed to the sender's contactpunt Toegang (OP090x2).

Routing: only what an aanbieder sends passes (a message the gemeente sends — 301, 319 or a retour
306/308/316/318 — is quarantined, RICHTING). A message for a gemeente we do not serve is quarantined and
reported to its sender outside the berichtenverkeer (OP090x2): S300 (TR378) means an invalid CBS code, and
no gemeente of ours could send a retour for another."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Actie
from audit.services import record
from istandaard.codelijsten import cbs_gemeente_geldig
from istandaard.definities.structuur import BERICHTEN
from istandaard.definities.structuur import soort as soort_van
from istandaard.validatie import OnleesbaarBericht, Uitslag, valideer
from istandaard.xml import KOP_BYTES, MAX_BYTES, lees_kop, soort_uit, te_groot
from organisaties.models import Aanbieder, Gemeente
from toegang.fouten import Geweigerd
from verwijzing.toewijzing import verzending_registreren

from .models import AangevraagdProduct, Bericht, BerichtStatus, Richting
from .outbox import verzenden_na_commit
from .regieberichten import regieberichten_toetsen, regieberichten_verwerken
from .retouren import RETOUR_OP, afzender_melden, alle_codes, retourbericht_plaatsen
from .toewijzingsverzoeken import toewijzingsverzoek_registreren, toewijzingsverzoek_toetsen
from .transport import TeGroot, transport
from .wijzigingsverzoeken import wijzigingsverzoek_registreren, wijzigingsverzoek_toetsen

logger = logging.getLogger(__name__)


def _d(waarde) -> date:
    return waarde if isinstance(waarde, date) else date.fromisoformat(str(waarde))


def _stuf055(uitleg: str, regel: str = "StUF055") -> dict:
    return {"regel": regel, "pad": "", "uitleg": uitleg, "retourcode": "StUF055"}


def _geadresseerd(inhoud: bytes) -> tuple[str, str, Gemeente | None, str]:
    """(soort, domein, gemeente, afzender) of a message that failed, read leniently from its header with the
    hardened parser. The gemeente it is addressed to, and what counts when the header is unreadable (no
    gemeente: the applicatiebeheer's), is decided in `BerichtQuerySet.scope_filter`."""
    kop = lees_kop(inhoud)
    gevonden = soort_uit(kop.get("ns", ""))
    cbs_veld, agb_veld = _kopvelden(gevonden[1]) if gevonden else ("Ontvanger", "Afzender")
    cbs = kop.get(cbs_veld, "")
    agb = kop.get(agb_veld, "")
    gemeente = Gemeente.objects.filter(cbs_code=cbs).first() if re.fullmatch(r"\d{4}", cbs) else None
    soort = soort_van(*gevonden) if gevonden else ""
    return soort, gevonden[0] if gevonden else "", gemeente, agb if re.fullmatch(r"\d{1,8}", agb) else ""


def _kopvelden(nummer: str) -> tuple[str, str]:
    """(field with the gemeente's CBS code, field with the AGB) in the header of message `nummer`. A retour
    copies its heenbericht's header unchanged (IV028), so the gemeente stands where it stood in the heen:
    Afzender in 301/302 and 319/320, Ontvanger in 305…318."""
    return ("Afzender", "Ontvanger") if BERICHTEN[nummer].van_gemeente else ("Ontvanger", "Afzender")


def door_gemeente(nummer: str) -> bool:
    """Whether the gemeente sends message `nummer`: a heenbericht with the gemeente as Afzender (301, 319)
    or a retour on the aanbieder's heenbericht (306, 308, 316, 318). The intake takes none of them."""
    return BERICHTEN[nummer].van_gemeente != bool(BERICHTEN[nummer].retour_op)


def _quarantaine(
    inhoud: bytes,
    fouten: list[dict],
    *,
    kanaal: str,
    gemeenten: set[str] | None = None,
    te_groot: bool = False,
    grootte: int | None = None,
) -> Bericht:
    """Kept with its reason, without a retour (IV032), for the gemeente it is addressed to. `te_groot`
    (over 25 MB, OP179): only the metadata and the reason, no byte of the body; `inhoud` is then at most
    the first KOP_BYTES (what the header is read from) and `grootte` the size delivered, where known.
    The identificatie is a fingerprint of the bytes at hand. `gemeenten` (an upload or the API): whoever
    delivers a file addressed to another gemeente gets BuitenScope, and nothing is kept."""
    soort, domein, gemeente, afzender = _geadresseerd(inhoud)
    if gemeenten is not None and gemeente is not None and gemeente.cbs_code not in gemeenten:
        raise BuitenScope(_("Dit bericht hoort bij een gemeente waarvoor u niet werkt."))
    with transaction.atomic():
        bericht = Bericht.objects.create(
            richting=Richting.IN,
            soort=soort or "?",
            domein=domein,
            gemeente=gemeente,
            aanbieder=Aanbieder.objects.filter(agb_code=afzender).first() if afzender else None,
            afzender=afzender,
            identificatie=hashlib.sha256(inhoud).hexdigest()[:12],
            xml=b"" if te_groot else inhoud,
            status=BerichtStatus.QUARANTAINE,
            fouten=fouten,
            kanaal=kanaal,
            grootte=grootte if te_groot else len(inhoud),
        )
        record(
            Actie.AANMAKEN,
            bericht,
            omschrijving=f"Bericht via {kanaal} in quarantaine: {fouten[0]['uitleg'][:150]}",
            gemeente_cbs=gemeente.cbs_code if gemeente else "",
        )
    return bericht


def te_groot_weigeren(kop: bytes, *, kanaal: str, grootte: int | None, gemeenten: set[str] | None = None) -> Bericht:
    """A message over 25 MB (OP179), refused before its body was stored (read no further than needed):
    `kop` holds its first bytes (the header is read from KOP_BYTES of them), `grootte` its size where
    known."""
    fouten = [_stuf055(str(te_groot(grootte)), "OP179")]
    return _quarantaine(kop[:KOP_BYTES], fouten, kanaal=kanaal, gemeenten=gemeenten, te_groot=True, grootte=grootte)


class BuitenScope(Geweigerd):
    """The message belongs to a gemeente the person delivering it does not work for: nothing is kept (a
    refusal the upload and the API answer apart, with 403)."""


def gemeente_codes(gebruiker) -> set[str]:
    return set(gebruiker.lidmaatschappen.values_list("gemeente__cbs_code", flat=True))


def bericht_ontvangen(
    inhoud: bytes, *, kanaal: str, gemeenten: set[str] | None = None, afzender_agb: str | None = None
) -> Bericht:
    """`gemeenten`: for an upload or API call, the CBS codes of the person delivering (None: the folder).
    `afzender_agb`: the aanbieder the transport vouches for (an account or certificate bound to one AGB);
    None where the transport does not know who sent it (the folder, an upload, a hub). Whatever the parser
    or the validator makes of the bytes, a file that fails is quarantined with its reason, never an
    exception: one bad file must not stop the intake (the folder, the beat task)."""
    if len(inhoud) > MAX_BYTES:
        return te_groot_weigeren(inhoud, kanaal=kanaal, grootte=len(inhoud), gemeenten=gemeenten)
    try:
        uitslag = valideer(inhoud)
    except OnleesbaarBericht as fout:
        return _quarantaine(inhoud, [_stuf055(str(fout))], kanaal=kanaal, gemeenten=gemeenten)
    except Exception as fout:  # a validator's own bug quarantines the file, not the intake
        logger.error("Bericht niet te controleren: %s", type(fout).__name__)  # no content: personal data
        uitleg = _("Het bericht kon niet worden gecontroleerd (%(fout)s).") % {"fout": type(fout).__name__}
        return _quarantaine(inhoud, [_stuf055(uitleg)], kanaal=kanaal, gemeenten=gemeenten)
    if uitslag.schemafout:
        return _quarantaine(inhoud, [b.als_dict() for b in uitslag.bevindingen], kanaal=kanaal, gemeenten=gemeenten)
    if door_gemeente(uitslag.nummer):
        fout = _stuf055(_("Dit bericht stuurt een gemeente, niet een aanbieder."), "RICHTING")
        return _quarantaine(inhoud, [fout], kanaal=kanaal, gemeenten=gemeenten)
    cbs = uitslag.gegevens["Header"][_kopvelden(uitslag.nummer)[0]]
    if gemeenten is not None and cbs not in gemeenten:
        raise BuitenScope(_("Dit bericht hoort bij een gemeente waarvoor u niet werkt."))
    if not Gemeente.objects.filter(cbs_code=cbs).exists():
        return _niet_onze_gemeente(inhoud, cbs, kanaal=kanaal, gemeenten=gemeenten, afzender_agb=afzender_agb)
    with transaction.atomic():
        return _verwerk(inhoud, uitslag, kanaal, afzender_agb)


def _niet_onze_gemeente(
    inhoud: bytes, cbs: str, *, kanaal: str, gemeenten: set[str] | None, afzender_agb: str | None
) -> Bericht:
    """OP090x2: a message for a gemeente we do not serve has no gemeente of ours to send a retour from.
    Not S300 (TR378: that code means an invalid gemeentecode, and this one may be valid): kept in quarantine
    with its reason, for the applicatiebeheer, and reported to its sender outside the berichtenverkeer."""
    if not cbs_gemeente_geldig(cbs, timezone.localdate()):  # not a gemeente at all: TR378's own case
        fout = {
            "regel": "TR378",
            "pad": "Header",
            "uitleg": _("De gemeentecode %(cbs)s staat niet in de CBS-gemeentelijst (iStandaarden, regel TR378).")
            % {"cbs": cbs},
            "retourcode": "S300",
        }
    else:
        fout = {
            "regel": "OP090x2",
            "pad": "Header",
            "uitleg": _(
                "Dit bericht is gericht aan gemeente %(cbs)s; die gemeente neemt niet deel aan deze toegang. Stuur "
                "het aan de gemeente die verantwoordelijk is (iStandaarden, regel OP090x2)."
            )
            % {"cbs": cbs},
            "retourcode": "",
        }
    with transaction.atomic():
        bericht = _quarantaine(inhoud, [fout], kanaal=kanaal, gemeenten=gemeenten)
        if afzender_agb is not None:  # the sender the transport knows hears it, not whom the header names
            bericht.aanbieder = Aanbieder.objects.filter(agb_code=afzender_agb).first()
            bericht.save(update_fields=["aanbieder"])
        afzender_melden(bericht)
    return bericht


def bekende_afzender(gebruiker) -> str | None:
    """The AGB an API account vouches for: an aanbieder's account is bound to one aanbieder. Anyone else
    (the backoffice relaying what it downloaded) does not know the sender."""
    return gebruiker.aanbieder.agb_code if getattr(gebruiker, "aanbieder_id", None) else None


def _verwerk(inhoud: bytes, uitslag: Uitslag, kanaal: str, afzender_agb: str | None = None) -> Bericht:
    kop = uitslag.gegevens["Header"]
    retour = bool(BERICHTEN[uitslag.nummer].retour_op)
    cbs_veld, agb_veld = _kopvelden(uitslag.nummer)
    cbs, agb = kop[cbs_veld], kop[agb_veld]
    identificatie = kop["IdentificatieRetour"] if retour else kop["BerichtIdentificatie"]["Identificatie"]
    dagtekening = kop["DagtekeningRetour"] if retour else kop["BerichtIdentificatie"]["Dagtekening"]
    bericht = Bericht(
        richting=Richting.IN,
        soort=uitslag.soort,
        domein=uitslag.domein,
        gemeente=Gemeente.objects.filter(cbs_code=cbs).first(),
        # Who really sent it where the transport knows; else who the header says it is.
        aanbieder=Aanbieder.objects.filter(agb_code=afzender_agb or agb).first(),
        afzender=agb,
        identificatie=identificatie,
        dagtekening=_d(dagtekening),
        xml=inhoud,
        status=BerichtStatus.ONTVANGEN,
        fouten=[b.als_dict() for b in uitslag.bevindingen],
    )
    if afzender_agb is not None and afzender_agb != agb:
        return _weiger_afzender(bericht, kanaal, kop_agb=agb, echt_agb=afzender_agb)
    kopcodes = [b.retourcode for b in uitslag.bevindingen]  # 0001 (controleniveau 2), 8848 (TR135)
    if (
        Bericht.objects.filter(richting=Richting.IN, soort=bericht.soort, afzender=agb, identificatie=identificatie)
        .exclude(status__in=[BerichtStatus.AFGEKEURD, BerichtStatus.QUARANTAINE])
        .exists()
    ):
        kopcodes.append("9056")  # TR056
    productcodes: dict[str, str] = {}
    if not kopcodes:
        productcodes = _toets_inhoud(uitslag, bericht)
    afgekeurd = bool(kopcodes or [c for c in productcodes.values() if c != "0200"])
    if afgekeurd:
        bericht.status = BerichtStatus.AFGEKEURD
        bericht.fouten = bericht.fouten + [
            {"regel": c, "pad": "Header", "uitleg": "", "retourcode": c} for c in kopcodes
        ]
        bericht.fouten += [
            {"regel": c, "pad": p, "uitleg": "", "retourcode": c} for p, c in productcodes.items() if c != "0200"
        ]
    bericht.save()  # the conditional unique key (TR056) decides between two identical arrivals at once
    record(Actie.AANMAKEN, bericht, omschrijving=f"{bericht.soort} {identificatie} ontvangen via {kanaal}")
    if not afgekeurd:
        _pas_toe(uitslag, bericht)
    if uitslag.nummer in RETOUR_OP and bericht.gemeente is not None:
        retourbericht_plaatsen(uitslag=uitslag, heen=bericht, kopcodes=kopcodes, productcodes=productcodes)
    elif bericht.status == BerichtStatus.AFGEKEURD:
        afzender_melden(bericht)  # a retour, or no gemeente to answer from: nothing answers it (OP090x2)
    return bericht


def _weiger_afzender(bericht: Bericht, kanaal: str, *, kop_agb: str, echt_agb: str) -> Bericht:
    """The transport knows the sender and the header names another aanbieder: nothing of that other
    aanbieder's may be touched. Kept as afgekeurd, no retourbericht (it would go to the aanbieder the
    header names), and reported to the real sender outside the berichtenverkeer (OP090x2)."""
    bericht.status = BerichtStatus.AFGEKEURD
    bericht.fouten = bericht.fouten + [
        {
            "regel": "Afzender",
            "pad": "Header",
            "uitleg": _(
                "Het transport kent de afzender (AGB %(echt)s), maar de header noemt AGB %(kop)s. Het bericht is "
                "niet verwerkt (iStandaarden, regels OP090x2 en IV028)."
            )
            % {"echt": echt_agb, "kop": kop_agb},
            "retourcode": "",
        }
    ]
    bericht.save()
    record(
        Actie.AANMAKEN,
        bericht,
        omschrijving=f"{bericht.soort} {bericht.identificatie} via {kanaal} geweigerd: afzender {kop_agb} volgens de "
        f"header, {echt_agb} volgens het transport",
    )
    afzender_melden(bericht)
    return bericht


def _toets_inhoud(uitslag: Uitslag, bericht: Bericht) -> dict[str, str]:
    """The rules that need stored data, per product (path -> retourcode; 0200 = no remark)."""
    client = uitslag.gegevens.get("Client") or {}
    codes: dict[str, str] = {}
    for i, p in enumerate((client.get("AangevraagdeProducten") or {}).get("AangevraagdProduct", [])):
        dubbel = AangevraagdProduct.objects.filter(
            referentie=p["ReferentieAanbieder"], bericht__afzender=bericht.afzender, bericht__domein=uitslag.domein
        ).exists()
        codes[f"AangevraagdeProducten/AangevraagdProduct[{i + 1}]"] = "9347" if dubbel else "0200"  # TR347
    if uitslag.nummer == "315":
        codes.update({p: c for p, c in toewijzingsverzoek_toetsen(uitslag, bericht).items() if codes.get(p) == "0200"})
    if uitslag.nummer == "317":
        codes.update(wijzigingsverzoek_toetsen(uitslag, bericht))
    if uitslag.nummer in {"305", "307"}:
        codes.update(regieberichten_toetsen(uitslag, bericht))  # TR019, TR063, TR071, TR074, TR326, TR382, TR413-415
    return codes


def _pas_toe(uitslag: Uitslag, bericht: Bericht) -> None:
    if uitslag.nummer in {"302", "320"}:
        _verwerk_retour(uitslag, bericht)
        return
    if uitslag.nummer in {"305", "307"}:
        regieberichten_verwerken(uitslag, bericht)
        bericht.status = BerichtStatus.VERWERKT
        bericht.save(update_fields=["status"])
    if uitslag.nummer == "315":
        toewijzingsverzoek_registreren(bericht, uitslag.gegevens)
    if uitslag.nummer == "317":
        wijzigingsverzoek_registreren(bericht, uitslag.gegevens)


def _verwerk_retour(uitslag: Uitslag, bericht: Bericht) -> None:
    """The retour on our 301 (302) or 319 (320): accepted (header only, IV028) or with retourcodes; after a
    302 the next 301 for this client and aanbieder may go (OP080). IV028: its header repeats the
    heen-header, so it answers only the message of this soort that this gemeente (Afzender) sent to this
    aanbieder (Ontvanger) under this identificatie; any other changes nothing (OP090x2: reported by mail)."""
    kop = uitslag.gegevens["Header"]
    heen = BERICHTEN[uitslag.nummer].retour_op
    ons = (
        Bericht.objects.filter(
            richting=Richting.UIT,
            soort=soort_van(uitslag.domein, heen),
            afzender=kop["Afzender"],
            gemeente=bericht.gemeente,
            aanbieder__agb_code=kop["Ontvanger"],
            identificatie=kop["BerichtIdentificatie"]["Identificatie"],
        ).first()
        if bericht.aanbieder is not None and bericht.aanbieder.agb_code == kop["Ontvanger"]
        else None
    )
    if ons is None:
        bericht.status = BerichtStatus.AFGEKEURD
        bericht.fouten = [
            {
                "regel": "IV028",
                "pad": "Header",
                "uitleg": _(
                    "Geen %(heen)s van deze gemeente aan deze aanbieder met deze identificatie; de retour "
                    "verandert niets."
                )
                % {"heen": heen},
                "retourcode": "",
            }
        ]
        bericht.save(update_fields=["status", "fouten"])
        return
    codes = alle_codes(uitslag.gegevens)
    afgewezen = sorted(c for c in codes if c not in {"0200", "0233"})
    bericht.retour_van, bericht.status = ons, BerichtStatus.VERWERKT
    bericht.save(update_fields=["retour_van", "status"])
    ons.status = BerichtStatus.AFGEKEURD if afgewezen else BerichtStatus.RETOUR
    ons.fouten = [{"regel": c, "pad": "", "uitleg": "", "retourcode": c} for c in afgewezen]
    ons.save(update_fields=["status", "fouten"])
    if not afgewezen and heen == "301":
        verzending_registreren(
            toewijzingen=list(ons.toewijzingen.all()), bericht_omschrijving=f"{bericht.soort} {bericht.identificatie}"
        )
    for wachtend in Bericht.objects.filter(wacht_op=ons, status=BerichtStatus.WACHT):
        wachtend.status = BerichtStatus.KLAAR
        wachtend.save(update_fields=["status"])
        verzenden_na_commit(wachtend)


def berichten_ophalen() -> list[Bericht]:
    """What the transport holds for us, each received once and then acknowledged (the folder moves it,
    HTTPS deletes it): after it is stored, so a crash in between receives it again (TR056 then). A
    message over 25 MB is refused from its size, only its head read. One whose receipt fails otherwise
    (the database away) is not acknowledged: it stays for the next run, and the ones after it still go."""
    bron = transport()
    uit = []
    for naam, inhoud in bron.ophalen():
        try:
            if isinstance(inhoud, TeGroot):
                bericht = te_groot_weigeren(inhoud.kop, kanaal=bron.kanaal, grootte=inhoud.grootte)
            else:
                bericht = bericht_ontvangen(inhoud, kanaal=bron.kanaal, afzender_agb=bron.afzender_agb)
            bron.bevestig(naam, quarantaine=bericht.pk if bericht.status == BerichtStatus.QUARANTAINE else None)
        except Exception as fout:  # the next message still goes
            logger.error("Bericht %s niet ontvangen: %s", naam, type(fout).__name__)
            continue
        uit.append(bericht)
    return uit
