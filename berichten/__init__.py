"""iJw/iWmo 3.2 berichtenverkeer, the Django side: the messages and the outbox that writes in the
toewijzing's transaction (models), building and sending with the codec, the pluggable transport, intake,
the cockpit and the tasks. The codec itself (definitions, XML, validation, rules, the 301 builder) is the
package `istandaard`, which knows no app; `apps.py` gives it what it needs (`istandaard.instellingen`).

Its own app because it is its own concern: verwijzing decides toewijzingen and knows nothing of
messages; berichten listens to `verwijzing.signals.toewijzing_vastgesteld` and reports back only
through verwijzing's services."""
