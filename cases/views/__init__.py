"""Views of the case management: thin; access through cases.permissions, writes through cases.services."""
