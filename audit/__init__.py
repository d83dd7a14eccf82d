"""Audit: the append-only trail of every state change and every read of personal data.

Its own app because every other app writes to it and it must depend on none of them: rows hold
plain identifiers, not foreign keys, so deleting a user or an inwoner can never alter history.
"""
