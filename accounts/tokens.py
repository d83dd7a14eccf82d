"""The activation link's token: Django's signed, timed reset token, but tied to what makes a link obsolete."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActiveringsTokenGenerator(PasswordResetTokenGenerator):
    """Valid for PASSWORD_RESET_TIMEOUT; spent once the password changes (it is part of the hash) and void
    once a newer link is sent (activeringslink_op). Unlike Django's reset token it ignores last_login: a
    login with the old password must not spend the link that is waiting in the mailbox."""

    key_salt = "toegang.accounts.tokens.ActiveringsTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verstuurd = user.activeringslink_op.isoformat() if user.activeringslink_op else ""
        return f"{user.pk}{user.password}{verstuurd}{timestamp}{user.email}"


activeringstoken = ActiveringsTokenGenerator()
