"""publish: rebuild out-of-print books from raw text into EPUB 3 and print PDF."""

__version__ = "0.1.0"
