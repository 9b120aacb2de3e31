"""Paging shared by every list the handlers return: 20 a page, pages counted from 1."""
from __future__ import annotations

from ..errors import BadRequest

PAGE_SIZE = 20


def page_number(value) -> int:
    """A page number from a query parameter or JSON (missing means 1), or a 400."""
    try:
        page = int(value if value not in (None, "") else 1)
    except (TypeError, ValueError):
        raise BadRequest("'page' must be a whole number from 1.") from None
    if page < 1:
        raise BadRequest("'page' must be a whole number from 1.")
    return page


def paging(page: int, total: int) -> dict:
    return {"page": page, "page_size": PAGE_SIZE, "total": total, "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)}


def page_of(queryset, page: int, total: int) -> tuple[list, dict]:
    """One page of an ordered queryset, with its paging facts."""
    start = (page - 1) * PAGE_SIZE
    return list(queryset[start : start + PAGE_SIZE]), paging(page, total)
