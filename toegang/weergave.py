"""Choice labels read fast: Django's get_FOO_display rebuilds a dict of every choice on each call and hashes
each lazy label to do so, which translates them all (about 50 µs for one status). Lists of 50 dossiers
call it hundreds of times per page. The mixin builds the value → label map once per field; the label is
still translated at the moment it is shown, so the active language is respected."""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class SnelleWeergave:
    """Put before models.Model: get_FOO_display is bound to the class's _get_FIELD_display when the model
    class is made (Field.contribute_to_class), so this replaces it for every choices field of the model."""

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_toegang_labels")
        if labels is None:
            labels = {make_hashable(waarde): label for waarde, label in field.flatchoices}
            field._toegang_labels = labels
        waarde = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(waarde), waarde), strings_only=True)
