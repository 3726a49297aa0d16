"""The print-ready PDF edition: XML intermediate -> PDF with WeasyPrint.

`write_pdf(root, out_path, profile="print", proof=False, jobs=None, progress=None)`
reads only the XML tree. `preflight.preflight(pdf_path)` checks a PDF the way
a print-on-demand printer would.
"""

from .writer import Report, write_pdf

__all__ = ["Report", "write_pdf"]
