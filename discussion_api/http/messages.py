"""Validation failures as sentences a member can act on, not pydantic's wording.

Pydantic says "String should have at most 20000 characters"; a nurse reads
"Keep it under 20,000 characters." The first failure of a request is shown next
to its field, so each message stands on its own.
"""

from typing import Any


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def sentence(error: dict[str, Any]) -> str:
    """One pydantic error (from `ValidationError.errors()`) as a plain sentence."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"Keep it under {_number(ctx.get('max_length'))} characters."
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "This cannot be empty." if least == 1 else f"Write at least {_number(least)} characters."
    if kind == "missing":
        return "This is required."
    if kind in ("too_long", "too_short"):
        return "Too many items." if kind == "too_long" else "Too few items."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "Give a whole number."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Give a number of at least {_number(ctx.get('ge', ctx.get('gt')))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Give a number of at most {_number(ctx.get('le', ctx.get('lt')))}."
    if kind in ("enum", "literal_error"):
        if error.get("loc", ("",))[-1] == "agrees_to_community_rules":
            return "Please agree to the community rules."
        return "Choose one of the options offered."
    if kind in ("bool_parsing", "bool_type"):
        return "Answer yes or no."
    if kind in ("string_type", "dict_type", "model_type", "list_type"):
        return "This has the wrong kind of value."
    if kind == "extra_forbidden":
        return "This field is not expected here."
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type", "date_parsing"):
        return "Give a date and time."
    if kind == "string_pattern_mismatch":
        return "This is not in the expected form."
    if kind == "value_error":
        # Our own validators raise ValueError with a sentence already.
        message = str(ctx.get("error", "")) or error.get("msg", "")
        return message.removeprefix("Value error, ").strip() or "This value is not accepted."
    message = " ".join(str(error.get("msg", "This value is not accepted.")).split())
    return message if message.endswith(".") else message + "."
