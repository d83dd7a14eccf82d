"""The one refusal of the whole application: a service says no, in Dutch, and the screen shows why."""


class Geweigerd(Exception):
    """The action is not allowed now; the message (translated through gettext) says why.

    `bevindingen` carries the rules module's findings when they are the reason, so a form can show each
    beside its field. Subclass only where a caller must tell a refusal apart (an unmatched sender, a used
    signing link, a user outside the gemeente)."""

    def __init__(self, bericht: str = "", bevindingen=()):
        super().__init__(bericht)
        self.bevindingen = list(bevindingen)
