"""The two out-of-band messages of the signing, each on its own channel: the link by e-mail (Django's mail
framework: SMTP in production, files in the demo, locmem in tests) and the code by SMS through a gateway
chosen by TOEGANG_SMS_GATEWAY. Neither carries more than the recipient needs: no name, no BSN, no word
about the kind of care; the mail a link, the SMS a code."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class SmsFout(Exception):
    """The gateway did not accept the message."""


class MapGateway:
    """Demo and tests: each SMS a file in TOEGANG_SMSMAP (written whole, then renamed into place)."""

    def __init__(self, map_: Path | None = None):
        self.map = Path(map_ or settings.TOEGANG_SMSMAP)

    def stuur(self, *, nummer: str, tekst: str) -> None:
        self.map.mkdir(parents=True, exist_ok=True)
        naam = self.map / f"sms-{time.time_ns()}-{uuid.uuid4().hex[:8]}.txt"  # sorts in sending order
        tijdelijk = naam.with_suffix(".tmp")
        tijdelijk.write_text(f"Aan: {nummer}\n\n{tekst}\n", encoding="utf-8")
        os.replace(tijdelijk, naam)


class HttpGateway:
    """Production: an HTTP POST of {"to", "from", "body"} as JSON to TOEGANG_SMS_URL with the bearer token
    TOEGANG_SMS_TOKEN. Any answer but 2xx, or no answer within 10 s, raises SmsFout. Most SMS providers
    accept this shape directly or behind a small adapter; another provider is another class."""

    def __init__(self):
        self.url, self.token = settings.TOEGANG_SMS_URL, settings.TOEGANG_SMS_TOKEN
        if not (self.url.startswith(("https://", "http://")) and self.token):
            raise ImproperlyConfigured("HttpGateway needs TOEGANG_SMS_URL (an http(s) URL) and TOEGANG_SMS_TOKEN.")

    def stuur(self, *, nummer: str, tekst: str) -> None:
        verzoek = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            self.url,
            data=json.dumps({"to": nummer, "from": settings.TOEGANG_SMS_AFZENDER, "body": tekst}).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(verzoek, timeout=10) as antwoord:  # noqa: S310
                status = antwoord.status
        except (urllib.error.URLError, OSError) as fout:
            raise SmsFout(type(fout).__name__) from fout
        if not 200 <= status < 300:
            raise SmsFout(f"HTTP {status}")


def sms_gateway():
    return import_string(settings.TOEGANG_SMS_GATEWAY)()


def stuur_link(*, aan: str, url: str, verloopt, gemeente: str) -> None:
    """The link by e-mail: that a plan waits to be signed, the link, until when, and that the code follows."""
    tekst = _(
        "Goedendag,\n\n"
        "Er staat een plan voor u klaar om te ondertekenen. Open deze link:\n\n%(url)s\n\n"
        "De link werkt één keer, tot en met %(datum)s. De code die u daarna nodig heeft, krijgt u apart per sms.\n\n"
        "Met vriendelijke groet,\n%(gemeente)s"
    ) % {"url": url, "datum": f"{timezone.localtime(verloopt):%d-%m-%Y}", "gemeente": gemeente}
    EmailMessage(subject=_("Een plan om te ondertekenen"), body=tekst, to=[aan]).send()


def stuur_code(*, nummer: str, code: str) -> None:
    """The code by SMS, and nothing else."""
    sms_gateway().stuur(nummer=nummer, tekst=_("Uw code: %(code)s") % {"code": code})
