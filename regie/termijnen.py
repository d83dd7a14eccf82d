"""Deadline arithmetic. Pure functions over a term definition and a holiday set.

Conventions (stated once, used everywhere):
- `vanaf` is the day (or moment) of the event; counting starts the next day.
- werkdagen: Monday to Friday, skipping the region's holiday list (regie/data/feestdagen.yaml,
  'werkdagen-regio': the Algemene termijnenwet days, when the gemeentehuizen are closed).
- kalenderdagen and weken count every day (a week is 7 days).
- maanden: the same day number n months later; when that month is shorter, its last day
  (31 januari + 1 maand = 28 of 29 februari; 31 maart + 1 maand = 30 april).
- uren: the moment n hours later.
- A negative aantal counts back from the event (a signal before an einddatum).
- Legal terms (Awb, Wmo 2015, Jeugdwet) follow the Algemene termijnenwet: a last day on a
  Saturday, Sunday or an art. 3 holiday (which includes 5 mei every year) moves to the next day
  that is none of these. The result says whether it moved.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

ATW = "algemene-termijnenwet"
REGIO = "werkdagen-regio"


@dataclass(frozen=True)
class Uiterlijk:
    soort: str
    vanaf: str
    uiterlijk: str
    verschoven: bool
    eenheid: str
    aantal: int
    wettelijk: bool
    bron: str
    versie: str

    def als_dict(self) -> dict:
        return {
            "soort": self.soort,
            "vanaf": self.vanaf,
            "uiterlijk": self.uiterlijk,
            "verschoven": self.verschoven,
            "eenheid": self.eenheid,
            "aantal": self.aantal,
            "wettelijk": self.wettelijk,
            "bron": self.bron,
            "versie": self.versie,
        }


def is_werkdag(dag: date, feestdagen: frozenset[date]) -> bool:
    return dag.weekday() < 5 and dag not in feestdagen


def plus_werkdagen(vanaf: date, aantal: int, feestdagen: frozenset[date]) -> date:
    stap = 1 if aantal >= 0 else -1
    dag, over = vanaf, abs(aantal)
    while over:
        dag += timedelta(days=stap)
        if is_werkdag(dag, feestdagen):
            over -= 1
    return dag


def plus_maanden(vanaf: date, aantal: int) -> date:
    index = vanaf.year * 12 + vanaf.month - 1 + aantal
    jaar, maand = divmod(index, 12)
    laatste = calendar.monthrange(jaar, maand + 1)[1]
    return date(jaar, maand + 1, min(vanaf.day, laatste))


def verschuif_atw(dag: date, feestdagen: frozenset[date]) -> tuple[date, bool]:
    """Algemene termijnenwet art. 1: the next day that is no Saturday, Sunday or art. 3 holiday."""
    verschoven = False
    while dag.weekday() >= 5 or dag in feestdagen:
        dag += timedelta(days=1)
        verschoven = True
    return dag, verschoven


def bereken(termijn, vanaf: date | datetime, feestdagen: dict[str, frozenset[date]]) -> Uiterlijk:
    """The last day (or moment) of a term that starts at `vanaf`."""
    eenheid, aantal = termijn.eenheid, termijn.aantal
    verschoven = False
    if eenheid == "uren":
        moment = vanaf if isinstance(vanaf, datetime) else datetime.combine(vanaf, datetime.min.time())
        einde = moment + timedelta(hours=aantal)
        return Uiterlijk(
            termijn.soort,
            moment.isoformat(timespec="minutes"),
            einde.isoformat(timespec="minutes"),
            False,
            eenheid,
            aantal,
            termijn.wettelijk,
            termijn.bron,
            termijn.versie,
        )
    dag = vanaf.date() if isinstance(vanaf, datetime) else vanaf
    if eenheid == "werkdagen":
        einde = plus_werkdagen(dag, aantal, feestdagen.get(REGIO, frozenset()))
    elif eenheid == "kalenderdagen":
        einde = dag + timedelta(days=aantal)
    elif eenheid == "weken":
        einde = dag + timedelta(weeks=aantal)
    elif eenheid == "maanden":
        einde = plus_maanden(dag, aantal)
    else:
        raise ValueError(f"Onbekende eenheid: {eenheid}")
    if termijn.wettelijk and aantal > 0:
        einde, verschoven = verschuif_atw(einde, feestdagen.get(ATW, frozenset()))
    return Uiterlijk(
        termijn.soort,
        dag.isoformat(),
        einde.isoformat(),
        verschoven,
        eenheid,
        aantal,
        termijn.wettelijk,
        termijn.bron,
        termijn.versie,
    )
