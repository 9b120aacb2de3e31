"""Paging shared by every list the handlers return: 20 a page, pages counted from 1."""
from __future__ import annotations

import re

from ..core.messages import N_, number
from ..errors import BadRequest

PAGE_SIZE = 20
# Far beyond any real list (2 million rows), and small enough that the offset is a plain
# integer for every database (a page of 2**63 overflows SQLite's and MySQL's OFFSET).
MAX_PAGE = 100_000
_DIGITS = re.compile(r"[0-9]{1,6}")


def page_number(value, name: str = "page") -> int:
    """A page number from a query parameter or JSON (missing means 1), or a 400 naming `name`."""
    if value is None or value == "":
        return 1
    page = None
    if isinstance(value, int) and not isinstance(value, bool):
        page = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        page = int(value.strip())
    if page is None or not 1 <= page <= MAX_PAGE:
        raise BadRequest(N_("The page must be a whole number from 1 to {max}.", max=number(MAX_PAGE)))
    return page


def paging(page: int, total: int) -> dict:
    return {"page": page, "page_size": PAGE_SIZE, "total": total, "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)}


def page_of(queryset, page: int, total: int) -> tuple[list, dict]:
    """One page of an ordered queryset, with its paging facts."""
    start = (page - 1) * PAGE_SIZE
    return list(queryset[start : start + PAGE_SIZE]), paging(page, total)
