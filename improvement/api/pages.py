"""Pages of a list: numbered pages for lists as at a date, a cursor for the updates feed.

Both order by a key that ends in the primary key, so no item is shown twice or skipped
between pages however many items share the other columns.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.http import urlencode

from improvement.api import ApiError

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100


def page_size(request) -> int:
    raw = request.GET.get("page_size") or str(DEFAULT_PAGE_SIZE)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ApiError(400, f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}")
    return int(raw)


def with_query(request, **changes) -> str:
    """This request's address with some query parameters replaced (None removes one)."""
    query = {key: request.GET.get(key) for key in request.GET}
    query.update(changes)
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return request.build_absolute_uri(request.path + ("?" + urlencode(query) if query else ""))


@dataclass
class NumberedPage:
    items: list
    count: int
    next: str | None
    previous: str | None


def numbered_page(request, queryset: QuerySet, **pinned) -> NumberedPage:
    """One page (?page=, from 1) of an ordered queryset, in two queries (the count and the
    page) plus the queryset's prefetches. `pinned` parameters are written into the next and
    previous links, so every page is read as at the same date even across midnight."""
    raw = request.GET.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ApiError(400, "page must be a whole number from 1")
    number, size = int(raw), page_size(request)
    count = queryset.count()
    last = max(1, -(-count // size))
    if number > last:
        raise ApiError(404, f"No page {number}: there are {last} of {size} items")
    items = list(queryset[(number - 1) * size : number * size])

    def link(page):
        return with_query(request, page=str(page), **pinned)

    return NumberedPage(
        items=items,
        count=count,
        next=link(number + 1) if number < last else None,
        previous=link(number - 1) if number > 1 else None,
    )


@dataclass
class CursorPage:
    items: list
    next: str | None


def encode_cursor(recorded: datetime, pk: int) -> str:
    raw = json.dumps([recorded.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        recorded, pk = json.loads(raw)
        return datetime.fromisoformat(recorded), int(pk)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise ApiError(400, "cursor is not one this API gave: follow the `next` link") from None


def cursor_page(request, queryset: QuerySet, field: str = "created") -> CursorPage:
    """The items after ?cursor= in (field, pk) order, in one query: the cursor names the last
    item sent, so items recorded while a client pages through are never skipped."""
    size = page_size(request)
    queryset = queryset.order_by(field, "pk")
    if request.GET.get("cursor"):
        after, pk = decode_cursor(request.GET["cursor"])
        queryset = queryset.filter(Q(**{f"{field}__gt": after}) | Q(**{field: after, "pk__gt": pk}))
    items = list(queryset[: size + 1])
    more, items = len(items) > size, items[:size]
    last = items[-1] if items else None
    return CursorPage(
        items=items,
        next=with_query(request, cursor=encode_cursor(getattr(last, field), last.pk))
        if more
        else None,
    )
