"""The iJw/iWmo 3.2 codec: the message definitions (XSDs generated from them), writing and reading the
XML with one hardened parser, validation (XSD and the rules within one message), and building a 301's
header and client from duck-typed objects.

No Django models and no project app: what it needs from its host is set once through `instellingen`
(the XsdVersie, and the unit mapping for an Omvang); `berichten` sets it when its app is ready. The
Django side (models, outbox, transport, intake, cockpit, tasks) is `berichten/`. From Django it uses
only translation (`gettext`) and the time zone (`django.utils.timezone`)."""
