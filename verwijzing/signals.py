"""The signals the referral flow sends to the rest of the system.

`toewijzing_vastgesteld` — sent once per toewijzing that was decided or changed (nieuw, oprekken,
garantiefase, beeindigd, op_verzoek, ingetrokken, verwijderd), with `toewijzing=`, `wijziging=` (a
`Wijziging` value) and, where the person deciding chose it, `reden_wijziging=` (the iJw/iWmo
RedenWijziging code, e.g. 07 verhuizing for an intrekking).

It is sent *inside* the transaction that decided the toewijzing, as its last step. A receiver that
writes to the database (the berichten outbox) therefore commits or rolls back together with
the toewijzing: a toewijzing without its message, or a message for a toewijzing that was rolled back,
cannot exist. A receiver that acts outside the database must wrap that in `transaction.on_commit`.
The referral flow never imports `berichten`; berichten connects to this signal.
"""

from django.dispatch import Signal

toewijzing_vastgesteld = Signal()
