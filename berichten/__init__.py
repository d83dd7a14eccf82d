"""iJw/iWmo 3.2 berichtenverkeer: the message definitions (written here from the standard's facts,
no schema files copied), building and validating JW301/WMO301 and the other messages, the outbox that
writes in the toewijzing's transaction, and the pluggable transport.

Its own app because it is its own concern: verwijzing decides toewijzingen and knows nothing of
messages; berichten listens to `verwijzing.signals.toewijzing_vastgesteld` and reports back only
through verwijzing's services."""
