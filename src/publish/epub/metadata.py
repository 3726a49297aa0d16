"""The EPUB writer's view of the book's metadata (shared with the PDF writer)."""

from ..headmeta import HeadMeta as EditionMeta
from ..headmeta import build_time
from ..headmeta import read_head_meta as read_meta

__all__ = ["EditionMeta", "build_time", "read_meta"]
