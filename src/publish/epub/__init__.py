"""XML intermediate -> EPUB 3 (ebooklib), re-zipped deterministically.

`write_epub(root, out_path, progress=None)` is the entry point; it reads only
the XML tree built by `publish.build.build_xml`."""

from .writer import write_epub

__all__ = ["write_epub"]
