"""Valid test BSNs in a reserved range, for demo data, factories and the bench generator.

The demo and tests use 9999xxxxx; the bench generator uses 99xxxxxxx (far more valid numbers).
A BSN passes the elfproef when sum(d1*9 + d2*8 + ... + d8*2) - d9 is divisible by 11; for each
8-digit prefix there is at most one such check digit.
"""

from collections.abc import Iterator

WEGING = (9, 8, 7, 6, 5, 4, 3, 2)


def controlecijfer(prefix8: str) -> int | None:
    rest = sum(int(c) * w for c, w in zip(prefix8, WEGING, strict=True)) % 11
    return rest if rest <= 9 else None


def geldige_bsns(prefix: str = "9999", start: int = 0) -> Iterator[str]:
    """Valid BSNs beginning with `prefix`, in increasing order, from volgnummer `start`."""
    breedte = 8 - len(prefix)
    for n in range(start, 10**breedte):
        prefix8 = f"{prefix}{n:0{breedte}d}"
        cijfer = controlecijfer(prefix8)
        if cijfer is not None:
            yield f"{prefix8}{cijfer}"


_CACHE: dict[str, list[str]] = {}


def nde_bsn(n: int, prefix: str = "9999") -> str:
    """The n-th valid BSN of the range (0-based), cached so factories stay fast."""
    lijst = _CACHE.setdefault(prefix, [])
    if n >= len(lijst):
        gen = geldige_bsns(prefix, start=int(lijst[-1][len(prefix) : 8]) + 1 if lijst else 0)
        while n >= len(lijst):
            lijst.append(next(gen))
    return lijst[n]
