"""User-facing errors: always `file:line: problem`, with what to do next."""

from __future__ import annotations


class PublishError(Exception):
    """An error in the user's input. The CLI prints it without a traceback."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class PublishErrors(PublishError):
    """Several user errors found in one pass; reported together."""

    def __init__(self, errors: list[PublishError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
