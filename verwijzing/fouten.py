"""The one exception of the referral flow's services."""


class Geweigerd(Exception):
    """The action is not allowed now; the message says why, in Dutch. `bevindingen` carries the rules
    module's findings when they are the reason, so a form can show each beside its field."""

    def __init__(self, bericht: str, bevindingen=()):
        super().__init__(bericht)
        self.bevindingen = list(bevindingen)
