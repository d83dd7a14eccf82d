"""Who decides (beschikt) in a gemeente and domain — the backoffice for Jeugd, the consulent for Wmo,
configurable per gemeente (002 L120-121) — as the one check every deciding service makes."""

from accounts.permissions import mag_beschikken

from .fouten import Geweigerd


def eis_beslisser(door, gemeente, domein: str) -> None:
    if not mag_beschikken(door, gemeente, domein):
        raise Geweigerd("U mag in deze gemeente niet beschikken voor dit domein.")
