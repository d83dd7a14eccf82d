"""What the codec asks of its host, explicitly: set once with `stel_in`, by berichten's AppConfig.ready.

- `xsd_versie`: a callable giving the XsdVersie for the appinfo of the generated XSDs and for every
  header (IV034). A callable, so the host's setting is read when it is used, as before.
- `eenheden`: the host's unit (a toewijzing's `eenheid`) to its WJ756 Eenheid code, for an Omvang.

Nothing here imports the host; until `stel_in` is called, using either one raises."""

from __future__ import annotations

from collections.abc import Callable, Mapping

_xsd_versie: Callable[[], str] | None = None
_eenheden: Mapping[str, str] | None = None


class NietIngesteld(RuntimeError):
    """The codec was used before its host called `istandaard.instellingen.stel_in`."""


def stel_in(*, xsd_versie: Callable[[], str], eenheden: Mapping[str, str]) -> None:
    global _xsd_versie, _eenheden
    _xsd_versie, _eenheden = xsd_versie, dict(eenheden)


def xsd_versie() -> str:
    if _xsd_versie is None:
        raise NietIngesteld("istandaard: stel_in(xsd_versie=...) is not called")
    return _xsd_versie()


def eenheden() -> Mapping[str, str]:
    if _eenheden is None:
        raise NietIngesteld("istandaard: stel_in(eenheden=...) is not called")
    return _eenheden
