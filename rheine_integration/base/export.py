"""CSV exports that a spreadsheet opens safely."""

# A spreadsheet evaluates a cell that starts with one of these (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
