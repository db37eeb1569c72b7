"""Money as eCommerce writes it: an order ``Price``, a checkout ``MultiCurrencyPrice`` and
the price summaries both carry.

Amounts are decimal strings in the site's currency. Not simulated: currency conversion (a
converted amount equals the original), tax, discounts, shipping, additional fees (all 0).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sync.sandbox import errors
from sync.sandbox.models.site import Site, money


def amount(value: Any, field: str = "amount") -> Decimal:
    """The amount of a price object (or of a bare decimal string); missing or empty is 0."""
    text = value.get("amount") if isinstance(value, dict) else value
    try:
        return Decimal(str(text if text not in (None, "") else "0"))
    except InvalidOperation as exc:
        raise errors.invalid(field, "must be a decimal string") from exc


def price(site: Site, value: Decimal) -> dict[str, str]:
    """An order ``Price`` {amount, formattedAmount}."""
    return money(value, site.currency)


def mc_price(site: Site, value: Decimal) -> dict[str, str]:
    """A checkout ``MultiCurrencyPrice`` (no conversion: converted = original)."""
    base = money(value, site.currency)
    return {
        "amount": base["amount"],
        "convertedAmount": base["amount"],
        "formattedAmount": base["formattedAmount"],
        "formattedConvertedAmount": base["formattedAmount"],
    }


def summary(site: Site, total: Decimal, *, multi: bool = True) -> dict[str, Any]:
    """A ``priceSummary`` whose subtotal and total are ``total`` (multi-currency prices for
    a checkout, plain ones for an order)."""
    make = mc_price if multi else price
    zero = make(site, Decimal(0))
    return {
        "subtotal": make(site, total),
        "shipping": zero,
        "tax": zero,
        "discount": zero,
        "total": make(site, total),
        "additionalFees": zero,
    }
