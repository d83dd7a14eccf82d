"""The iJw/iWmo 3.2 message definitions as Python data (iStandaarden iJw/iWmo 3.2, basisschema), from which the
XSDs are generated at run time and compiled with lxml. One place names every element, cardinality,
pattern and code list; tests walk it."""
