"""Reading every page of a Wix list, in the two paging styles the client meets.

* **Offset paging** (``paging {limit, offset}``; Contacts v4, Members, Services v2, and the
  ``limit``/``offset`` query parameters of pricing-plans List Orders): the next page starts
  after the items read. The answer's paging metadata carries ``total`` unless
  ``tooManyToCount`` is set; without it, a full page means there may be more.
* **Cursor paging** (``cursorPaging {limit, cursor}``; Extended Bookings, List Event Time
  Slots, Search Orders, benefit-program pools and balances): the next page is asked with
  ``cursors.next`` of the last answer and nothing else (a cursor carries the filter, as the
  typings say: "Following requests use the cursor token and not filter or sort"). The last
  page is the one with no next cursor (``hasNext`` false).

A list that does not end (the same cursor again, an offset that stops moving, more pages than
any site of ours could fill) is an answer not understood: :class:`UnexpectedAnswer`, never a
list silently cut short — a row left out of a lookup is a row wrongly told "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync.wix.errors import UnexpectedAnswer

Json = dict[str, Any]
#: (the page's items, the answer's paging metadata)
Page = tuple[list[Json], Json]
#: no list wixsync reads comes near this many pages (100 000 items at 100 a page)
MAX_PAGES = 1000


def offset_pages(fetch: Callable[[int], Page], limit: int, *, method: str, path: str) -> list[Json]:
    """Every item, asking ``fetch(offset)`` for pages of ``limit`` until the last."""
    found: list[Json] = []
    offset = 0
    for _ in range(MAX_PAGES):
        items, meta = fetch(offset)
        found.extend(items)
        offset += len(items)
        total = meta.get("total")
        counted = isinstance(total, int) and not meta.get("tooManyToCount")
        if not items or (counted and offset >= total) or (not counted and len(items) < limit):
            return found
    raise UnexpectedAnswer(method, path, f"more than {MAX_PAGES} pages")


def cursor_pages(fetch: Callable[[str | None], Page], *, method: str, path: str) -> list[Json]:
    """Every item, asking ``fetch(None)`` first and then ``fetch(cursor)`` with each answer's
    ``cursors.next`` until an answer has none."""
    found: list[Json] = []
    cursor: str | None = None
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        items, meta = fetch(cursor)
        found.extend(items)
        following = (meta.get("cursors") or {}).get("next")
        if meta.get("hasNext") is False or not following:
            if meta.get("hasNext") is True:  # more, but no way to ask for them
                raise UnexpectedAnswer(method, path, "hasNext without a next cursor")
            return found
        if following in seen:
            raise UnexpectedAnswer(method, path, "the same page cursor twice")
        seen.add(following)
        cursor = str(following)
    raise UnexpectedAnswer(method, path, f"more than {MAX_PAGES} pages")


def meta_of(answer: Json, key: str) -> Json:
    """The paging metadata under ``key`` (``pagingMetadata`` or ``metadata``), or ``{}``."""
    meta = answer.get(key)
    return meta if isinstance(meta, dict) else {}
