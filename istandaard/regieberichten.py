"""Start and stop of care (305/307, the regieberichten): each StartProduct and StopProduct by its logical key
(IV008), and the rules that compare a line with what was received before and with the other lines of its
message (controleniveau 3, berichtoverstijgend; iStandaarden iJw/iWmo 3.2). Pure: the caller says what is
actual for the toewijzing (received with StatusAanlevering 1 and not withdrawn since).

Within one toewijzing the ToewijzingNummer and the Product of the key are fixed, so a start is known by its
Begindatum and a stop by its Begindatum, RedenBeeindiging and Einddatum (IV008). A withdrawn line no longer
counts (OP033: "als niet verzonden beschouwd"), so after a withdrawal the same key may come again (IV008's
correction of an element outside the key, in a separate message)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

NIEUW, VERWIJDEREN = "1", "3"  # StatusAanlevering (CS058: 2 is not allowed)
TIJDELIJK = "20"  # RedenBeeindiging 20: tijdelijke beëindiging (OP377-OP379)


@dataclass(frozen=True)
class Start:
    begindatum: date


@dataclass(frozen=True)
class Stop:
    begindatum: date
    reden: str
    einddatum: date

    @property
    def start(self) -> Start:
        return Start(self.begindatum)


@dataclass(frozen=True)
class Levering:
    """What is actual for one toewijzing."""

    starts: frozenset[Start] = field(default_factory=frozenset)
    stops: frozenset[Stop] = field(default_factory=frozenset)

    def stops_van(self, start: Start) -> list[Stop]:
        return [s for s in self.stops if s.start == start]

    def met(self, regel: Start | Stop, status: str) -> Levering:
        """The state after an accepted line: status 1 adds it, status 3 takes it away."""
        soort = "starts" if isinstance(regel, Start) else "stops"
        huidig = getattr(self, soort)
        return replace(self, **{soort: huidig - {regel} if status == VERWIJDEREN else huidig | {regel}})


def tr063(lev: Levering, regel: Start | Stop) -> bool:
    """TR063 (9063): a withdrawal (status 3) needs an earlier line with the same logical key."""
    return regel not in (lev.starts if isinstance(regel, Start) else lev.stops)


def tr071(lev: Levering, start: Start) -> bool:
    """TR071 (9071): a start cannot be withdrawn once a stop was sent for it."""
    return bool(lev.stops_van(start))


def tr074(lev: Levering, regel: Start | Stop) -> bool:
    """TR074 (9074): a new line's key is unique among everything received (every start, not only the latest)."""
    return regel in (lev.starts if isinstance(regel, Start) else lev.stops)


def tr326(lev: Levering) -> bool:
    """TR326 (9326): a new start only when no actual start is left without a stop (a temporary stop counts:
    after it a new start may follow, OP379)."""
    return any(not lev.stops_van(s) for s in lev.starts)


def tr382(lev: Levering, stop: Stop) -> bool:
    """TR382 (9069): a stop needs an actual start with the same Begindatum."""
    return stop.start not in lev.starts


def tr413(lev: Levering, stop: Stop) -> bool:
    """TR413 (9413): after a temporary stop (20) of this start only a definitive stop may follow (OP378)."""
    return stop.reden == TIJDELIJK and any(s.reden == TIJDELIJK for s in lev.stops_van(stop.start))


def tr414(lev: Levering, stop: Stop) -> bool:
    """TR414 (9414): a later stop of the same start ends no earlier than the actual one (OP377)."""
    return any(stop.einddatum < s.einddatum for s in lev.stops_van(stop.start))


def tr415(lev: Levering, stop: Stop) -> bool:
    """TR415 (9415): one definitive stop per start (OP377)."""
    return any(s.reden != TIJDELIJK for s in lev.stops_van(stop.start))


def _code(lev: Levering, regel: Start | Stop, status: str) -> str | None:
    if status == VERWIJDEREN:  # TR063: no other content checks on a withdrawal
        if tr063(lev, regel):
            return "9063"
        return "9071" if isinstance(regel, Start) and tr071(lev, regel) else None
    if isinstance(regel, Start):
        if tr074(lev, regel):
            return "9074"
        return "9326" if tr326(lev) else None
    for code, gebroken in (
        ("9069", tr382),
        ("9074", tr074),
        ("9415", tr415),
        ("9413", tr413),
        ("9414", tr414),
    ):
        if gebroken(lev, regel):
            return code
    return None


def bericht_toetsen(lev: Levering, regels: list[tuple[str, Start | Stop, str]]) -> tuple[dict[str, str], Levering]:
    """(path → retourcode, the state after the message) for the lines (path, line, status) of one message on
    one toewijzing. IV008: withdrawals (3) go before new lines (1), so a corrected key element may come in the
    same message; a key twice in one message is refused (9074: a correction outside the key needs a
    separate message). Each line is checked against the state the lines before it left."""
    codes: dict[str, str] = {}
    gezien: set[Start | Stop] = set()
    for pad, regel, _status in regels:
        if regel in gezien:
            codes[pad] = "9074"  # TR074: unique within the message itself
        gezien.add(regel)
    for volgorde in (VERWIJDEREN, NIEUW):
        for pad, regel, status in regels:
            if status != volgorde or pad in codes:
                continue
            code = _code(lev, regel, status)
            codes[pad] = code or "0200"
            if code is None:
                lev = lev.met(regel, status)
    return codes, lev


def volgorde(regels: list[tuple[str, Start | Stop, str]]) -> list[tuple[str, Start | Stop, str]]:
    """The order to apply an accepted message in (IV008: withdrawals first, then in message order)."""
    return [r for r in regels if r[2] == VERWIJDEREN] + [r for r in regels if r[2] != VERWIJDEREN]
