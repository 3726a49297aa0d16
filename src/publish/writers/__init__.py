"""Writers of the document model: Markdown manuscript and XML intermediate."""
