"""Domain logic: plain values and a session in, model objects or dataclasses out. No Flask request here."""


class DomainError(Exception):
    """A rule was broken; `message` is shown to the user (already translated by the caller's locale)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
