"""The one set of lxml parser options for the codec: kept apart so the XSD compiler and the
reader share it without importing each other."""

from lxml import etree

# The one parser for every byte we read (received, uploaded, stored, written): no DTD is loaded or
# validated, no entity resolved, no network, no default attributes, libxml2's size limits kept. A DOCTYPE
# wherever it appears is refused after the parse (`lees`); without one an entity reference is not
# well-formed. Readers needing more (the XSD's resolver, a pull parser for the header) take `HARDENED`.
HARDENED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
}
PARSER = etree.XMLParser(**HARDENED, remove_blank_text=True)
