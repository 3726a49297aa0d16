"""The one place XML is parsed: no entity expansion, no DTD, no network."""

from __future__ import annotations

from lxml import etree

from .errors import PublishError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def parse_xml(data: bytes, source: str = "<xml>") -> etree._Element:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise PublishError(f"XML does not parse: {exc.msg}", source, line) from None
    for el in root.iter(etree.Entity):
        raise PublishError(f"XML entity reference &{el.name}; is not allowed", source,
                           el.sourceline)
    return root


def parse_xml_file(path) -> etree._Element:
    with open(path, "rb") as fh:
        return parse_xml(fh.read(), str(path))
