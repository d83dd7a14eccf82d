"""Verwijzing: the referral flow — the dossier and its state machine, from melding through
vraagverheldering / Wmo-onderzoek to indicatie, matching, leefzorgplan, ondertekening, beschikking
and toewijzing. Every state change is one service call in one transaction with its audit event.

It announces a decided toewijzing with one signal and never imports `berichten`.
"""
