def account_name(first_name: str, last_name: str, username: str) -> str:
    """How pages name an account: the full name (as Django's get_full_name), else the username.
    Lists that read only these three columns, not the account, call it directly."""
    return f"{first_name} {last_name}".strip() or username
