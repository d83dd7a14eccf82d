"""berichten listens to the referral flow's signal (and nothing else of verwijzing's internals)."""

from django.dispatch import receiver

from verwijzing.signals import toewijzing_vastgesteld

from .uitgaand import toewijzingsbericht_plaatsen


@receiver(toewijzing_vastgesteld, dispatch_uid="berichten.301")
def toewijzing_naar_outbox(sender, toewijzing, wijziging, reden_wijziging="", **kwargs):
    """Inside the toewijzing's transaction: the 301 is stored with it, or neither is (outbox)."""
    toewijzingsbericht_plaatsen(toewijzing, wijziging, reden_wijziging)
