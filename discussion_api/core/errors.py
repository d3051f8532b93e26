"""Refusals the rules give, as values a caller can act on: a stable code, a sentence, a field.

The HTTP layer maps each kind to a status (http/errors.py); the CLI prints the message.
"""

from .phi import KINDS


class Refusal(Exception):
    """Base of every refusal; subclasses say what kind it is."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotFound(Refusal):
    """Missing, or not visible to the viewer: the two answer alike, so nothing leaks."""

    def __init__(self, what: str, field: str | None = None):
        super().__init__("not_found", f"No such {what}.", field)


class Forbidden(Refusal):
    """The viewer sees the object but may not do this to it."""


class Conflict(Refusal):
    """The object's state does not allow this now (locked, already removed...)."""


class Invalid(Refusal):
    """The request names something that cannot be used for this (a field's value)."""


class PatientInformation(Invalid):
    """The patient-information guard found identifiers and the author has not confirmed
    them. `findings` says what and where (field, kind, start, end), never the text."""

    def __init__(self, findings: list[dict[str, str | int]]):
        kinds = dict.fromkeys(KINDS[str(finding["kind"])] for finding in findings)
        super().__init__(
            "patient_information",
            f"This may identify a patient: {'; '.join(kinds)}. Remove it, or confirm with"
            " confirm_identifiers to send the post to a moderator first.",
            str(findings[0]["field"]),
        )
        self.findings = findings
