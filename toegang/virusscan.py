"""Virus scanning of uploaded files, behind one small adapter.

`clamd://host:port` speaks ClamAV's INSTREAM protocol over TCP (the clamd daemon of Debian's
`clamav-daemon`); tests run it against a local fake clamd. `eicar` is the demo's in-process check for
the EICAR test signature only. No setting: nothing is ever reported clean."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CHUNK = 64 * 1024


class ScannerNietBereikbaar(Exception):
    """The scanner could not give an answer; the file stays ongescand and the scan is retried."""


@dataclass(frozen=True)
class Scanuitslag:
    schoon: bool
    melding: str


class Clamd:
    def __init__(self, host: str, port: int, timeout: float = 30.0):
        self.host, self.port, self.timeout = host, port, timeout

    def scan(self, inhoud: bytes) -> Scanuitslag:
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as s:
                s.sendall(b"zINSTREAM\0")
                for i in range(0, len(inhoud), CHUNK):
                    stuk = inhoud[i : i + CHUNK]
                    s.sendall(struct.pack("!L", len(stuk)) + stuk)
                s.sendall(struct.pack("!L", 0))
                antwoord = b""
                while not antwoord.endswith(b"\0"):
                    deel = s.recv(4096)
                    if not deel:
                        break
                    antwoord += deel
        except OSError as fout:
            raise ScannerNietBereikbaar(f"clamd op {self.host}:{self.port} niet bereikbaar") from fout
        tekst = antwoord.rstrip(b"\0").decode("utf-8", "replace")
        if tekst.endswith("OK"):
            return Scanuitslag(True, "schoon")
        if tekst.endswith("FOUND"):
            return Scanuitslag(False, tekst.removeprefix("stream:").strip())
        raise ScannerNietBereikbaar(f"onverwacht antwoord van clamd: {tekst[:100]}")


class EicarAlleen:
    """Demo only: finds the EICAR test signature and nothing else."""

    def scan(self, inhoud: bytes) -> Scanuitslag:
        if EICAR in inhoud:
            return Scanuitslag(False, "Eicar-Test-Signature FOUND")
        return Scanuitslag(True, "schoon (demo: alleen EICAR-controle)")


def scanner():
    instelling = settings.TOEGANG_VIRUSSCAN
    if instelling == "eicar":
        return EicarAlleen()
    if instelling.startswith("clamd://"):
        url = urlparse(instelling)
        return Clamd(url.hostname, url.port or 3310)
    raise ScannerNietBereikbaar("Er is geen virusscanner ingesteld (TOEGANG_VIRUSSCAN).")
