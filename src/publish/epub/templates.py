"""Generated pages (cover, title page, imprint) are XHTML templates in
publish/data/epub/, filled by a tiny slot language:

- `data-slot="key"`: the element's text becomes the value;
- `data-if="key"`: the element is dropped when the value is empty;
- `data-each="key"`: the element is repeated once per item of a list value;
- `data-attr-NAME="key"`: attribute NAME is set to the value.

A filled `span` left with no attributes is unwrapped into its parent."""

from __future__ import annotations

import copy
import tomllib
from functools import cache

from lxml import etree

from ..safexml import parse_xml
from . import resources

XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def _parsed(name: str) -> etree._Element:
    return parse_xml(resources.template(name), f"publish/data/epub/{name}")


def load(name: str) -> etree._Element:
    """A fresh copy of template `name` (parsed once per process)."""
    return copy.deepcopy(_parsed(name))


@cache
def _labels() -> dict:
    return tomllib.loads(resources.template("labels.toml").decode("utf-8"))


def labels(language: str) -> dict:
    table = _labels()
    base = dict(table["en"])
    primary = language.split("-")[0].lower()
    base.update(table.get(primary, {}))
    return base


def _remove(el: etree._Element) -> None:
    """Remove `el` but keep its tail text."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace `el` by its text and children."""
    parent = el.getparent()
    idx = parent.index(el)
    text = el.text or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(el)
    for i, child in enumerate(children):
        parent.insert(idx + i, child)
    if el.tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + el.tail
        else:
            last = parent[idx - 1] if idx > 0 else None
            if last is not None:
                last.tail = (last.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def fill(doc: etree._Element, values: dict) -> etree._Element:
    for el in list(doc.iter(etree.Element)):
        key = el.get("data-each")
        if key is None:
            continue
        del el.attrib["data-each"]
        parent, idx = el.getparent(), el.getparent().index(el)
        for i, item in enumerate(values.get(key) or []):
            clone = copy.deepcopy(el)
            clone.text = str(item)
            clone.tail = el.tail
            parent.insert(idx + 1 + i, clone)
        _remove(el)
    for el in list(doc.iter(etree.Element)):
        key = el.get("data-if")
        if key is not None and not values.get(key):
            _remove(el)
    for el in list(doc.iter(etree.Element)):
        el.attrib.pop("data-if", None)
        key = el.attrib.pop("data-slot", None)
        if key is not None:
            el.text = str(values.get(key, ""))
            for child in list(el):
                el.remove(child)
        for attr in [a for a in el.attrib if a.startswith("data-attr-")]:
            el.set(attr[len("data-attr-"):], str(values.get(el.attrib.pop(attr), "")))
    for el in list(doc.iter(f"{{{XHTML_NS}}}span")):
        if not el.attrib:
            _unwrap(el)
    return doc


def set_language(doc: etree._Element, language: str) -> None:
    doc.set("lang", language)
    doc.set(XML_LANG, language)


def set_title(doc: etree._Element, title: str) -> None:
    doc.find(f"{{{XHTML_NS}}}head/{{{XHTML_NS}}}title").text = title
