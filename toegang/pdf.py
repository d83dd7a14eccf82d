"""HTML to PDF with WeasyPrint, the one way the project makes PDFs: PDF/UA-1 (tagged, for screen
readers), the language from the template's <html lang>, no network access (base_url None: every
style is inline and fonts are the system's), and no clock in the output — metadata dates come from
the template — so the same input gives the same bytes."""

from django.template.loader import render_to_string
from django.utils import translation


def pdf_van_sjabloon(sjabloon: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy (native libraries): loaded by the processes that render, not by every one

    with translation.override("nl"):
        html = render_to_string(sjabloon, context)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
