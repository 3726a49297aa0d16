"""The XML intermediate: structure, schema validation, reproducibility, safety."""

import pytest
from lxml import etree

from publish.build import build_xml
from publish.errors import PublishError
from publish.safexml import parse_xml
from publish.writers.xml import serialize, validate

from conftest import SAMPLE

NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def root():
    return build_xml(SAMPLE)


def test_parts_and_matter(root):
    parts = root.xpath("/h:html/h:body/h:section", namespaces=NS)
    assert [(p.get("data-type"), p.get("data-matter")) for p in parts] == [
        ("editor-note", "frontmatter"), ("acknowledgments", "frontmatter"),
        ("introduction", "bodymatter"), ("chapter", "bodymatter"), ("chapter", "bodymatter"),
        ("appendix", "backmatter")]
    assert parts[3].get("data-number") == "1"


def test_noterefs_point_at_notes(root):
    for a in root.xpath("//h:a[@data-type='noteref']", namespaces=NS):
        target = root.xpath("//*[@id=$id]", id=a.get("href")[1:])
        assert len(target) == 1 and target[0].tag.endswith("aside")
        assert target[0].get("data-ref") == a.get("id") or a.get("id").endswith("-2")
    unresolved = root.xpath("//h:span[@data-type='noteref']", namespaces=NS)
    assert sorted(s.text for s in unresolved) == ["2", "3", "3", "4"]


def test_table_cells(root):
    table = root.xpath("//h:table[h:caption]", namespaces=NS)[0]
    heads = table.xpath("h:thead/h:tr/h:th", namespaces=NS)
    assert [h.text for h in heads] == ["Season", "Masons", "Labourers", "Seamen"]
    assert all(h.get("scope") == "col" for h in heads)
    first_row = table.xpath("h:tbody/h:tr[1]/*", namespaces=NS)
    assert first_row[0].tag.endswith("th") and first_row[0].get("scope") == "row"
    assert [c.get("class") for c in first_row[1:]] == ["num", "num", "num"]


def test_schema_rejects_violation(root):
    bad = parse_xml(serialize(root))
    section = bad.xpath("//h:section[@data-type='chapter']", namespaces=NS)[0]
    etree.SubElement(section, "{http://www.w3.org/1999/xhtml}blink").text = "x"
    with pytest.raises(PublishError) as info:
        validate(bad)
    assert "/html/body/section" in str(info.value) or "blink" in str(info.value)


def test_reproducible_and_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = serialize(build_xml(SAMPLE))
    b = serialize(build_xml(SAMPLE))
    assert a == b and b"2026-11-25T00:00:00Z" in a
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = serialize(build_xml(SAMPLE))
    assert b"2023-11-14T22:13:20Z" in c


def test_hostile_entity_not_expanded():
    doc = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY boom SYSTEM "file:///etc/passwd">]>
<x>&boom;</x>"""
    with pytest.raises(PublishError) as info:
        parse_xml(doc, "evil.xml")
    assert "entity" in str(info.value).lower()
