"""Merge the structure trees of separately rendered, tagged parts (screen
profile, PDF/UA-1) into one tree for the whole book.

WeasyPrint numbers a part's ParentTree keys from 0: page i has key i, and
link annotations follow the pages. Each part's keys are moved up past the
previous parts', and the parts' Document elements' children are gathered
under a single Document element.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name


class StructureMerger:
    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name.Document, K=Array(), P=self.root))
        self.root.K = Array([self.document])
        self.nums: list = []
        self.next_key = 0
        self.metadata = None

    def add_part(self, src: pikepdf.Pdf, new_pages: list[pikepdf.Page]) -> None:
        """`new_pages`: the output's copies of src's pages, in order (already
        appended, so foreign references to them resolve to the copies)."""
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            return
        if self.metadata is None and "/Metadata" in src.Root:
            self.metadata = self.out.copy_foreign(src.Root.Metadata)
        tree = self.out.copy_foreign(tree)
        base = self.next_key
        nums = tree.ParentTree.get("/Nums", Array())
        top = 0
        for i in range(0, len(nums), 2):
            key = int(nums[i])
            self.nums.append((base + key, nums[i + 1]))
            top = max(top, key + 1)
        for page in new_pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = base + int(page.obj.StructParents)
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = base + int(annot.StructParent)
        for document in tree.K:
            for kid in document.get("/K", []):
                if isinstance(kid, Dictionary) and "/P" in kid:
                    kid.P = self.document
                self.document.K.append(kid)
        self.next_key = base + top

    def install(self) -> None:
        if not self.document.K:
            return
        nums = Array()
        for key, value in sorted(self.nums, key=lambda item: item[0]):
            nums.append(key)
            nums.append(value)
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = self.next_key
        self.out.Root.StructTreeRoot = self.root
        self.out.Root.MarkInfo = Dictionary(Marked=True)
        if self.metadata is not None:
            self.out.Root.Metadata = self.metadata
