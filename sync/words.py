"""Every sentence the program says about a row, in one place.

Messages are for the volunteer reading the Error column on a phone, or the owner reading
the CLI: what went wrong, in their words, and what to do next. Never a key, a token or a
stack trace.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `wixsync status` loads no row flows, no Wix client
    from sync.engine.counts import Counts
    from sync.flows import problems as p

REASONS = {
    "OUT_OF_CREDITS": "has no sessions left",
    "ENDED": "has ended",
    "NOT_STARTED_YET": "has not started yet",
    "NOT_COVERED": "does not cover this class",
    "MEMBERSHIP_CANNOT_BE_USED_FOR_LINE_ITEMS": "does not cover this class",
    "POOL_NOT_ACTIVE": "is paused or not active",
    "NOT_ENOUGH_BALANCE": "has no sessions left",
    "NOT_ACTIVE": "is paused or not active",
    "MEMBERSHIP_NOT_FOUND": "is not known to Wix as a membership",
}


def problem(problem: p.RowProblem) -> str:
    from sync.flows import problems as p

    match problem:
        case p.ClassNotFound(class_name=name, known=known):
            hint = f" Classes: {', '.join(known)}." if known else ""
            return f"No class called '{name}' in Wix.{hint}"
        case p.SessionNotFound(class_name=name, day=day, time=None):
            return f"No {name} session on {day}."
        case p.SessionNotFound(class_name=name, day=day, time=at, times=times):
            others = f" Sessions that day: {', '.join(times)}." if times else ""
            return f"No {name} session on {day} at {at}.{others}"
        case p.BookedByAnotherRow(name=name, booking_id=booking):
            return (
                f"{name} is already booked for this session by another row (booking {booking}). "
                "Delete this row, or fix its email, class or date."
            )
        case p.SameSessionTwice(name=name):
            return (
                f"{name} is on another row for this same session. Delete this row, or fix its "
                "email, class or date."
            )
        case p.NoMemberAccount(name=name):
            return (
                f"{name} has no member account on the site, so no plan can pay. "
                "Write cash or unpaid in Payment."
            )
        case p.NoActivePlan(name=name):
            return f"{name} holds no active plan. Write cash or unpaid in Payment."
        case p.PlanNotHeld(name=name, plan=plan, held=held):
            holds = f" They hold: {', '.join(held)}." if held else " They hold no active plan."
            return f"{name} does not hold a plan called '{plan}'.{holds}"
        case p.PlanChoiceNeeded(name=name, plans=plans):
            return f"{name} holds {len(plans)} plans: {', '.join(plans)} — write which one in Plan."
        case p.PlanCannotPay(name=name, plan=plan, reason=reason):
            why = REASONS.get(reason, f"cannot pay ({reason})")
            return f"{name}'s {plan} {why}. Write cash or unpaid, or another plan, in Payment/Plan."
        case p.TooLateToBook(class_name=name, day=day):
            return (
                f"Wix will not book the {name} session on {day}: it has already started. "
                "The owner can allow booking after the start in the class's booking policy, "
                "then run wixsync doctor: the row goes again by itself."
            )
        case p.SessionFull(class_name=name, day=day):
            return (
                f"The {name} session on {day} is full in Wix. Once the owner frees a seat "
                "(a higher capacity, a cancel) and runs wixsync doctor, the row goes again."
            )
        case p.WixRefused(step=step, code=code, description=text, request_id=rid):
            ref = f" (Wix request {rid})" if rid else ""
            return f"Wix refused to {step}: {text or code}{ref}. The owner should check this row."
        case p.WixUnavailable(step=step):
            return f"Could not reach Wix to {step}; will try again."
        case p.PaymentNotShown(order_number=number):
            which = f"order {number}" if number else "the order"
            return (
                f"Payment recorded, but Wix still shows {which} unpaid: "
                "mark it paid in the Wix dashboard."
            )
        case p.Unexpected(step=step):
            return (
                f"wixsync failed unexpectedly to {step} for this row; it will try again. "
                "If this stays, the owner should send the log to wixsync's maintainers."
            )
        case p.WillRetry(why=why):
            return f"Will try again: {why}."
        case p.MissingPermission(permission=perm, step=step):
            return (
                f"The Wix API key may not {step} (needs {perm}). The owner must add it, then "
                "run wixsync doctor: the row goes again by itself."
            )
        case p.OrderLineRefused(name=name, why=why, booked_online=True):
            return (
                f"{name} booked online to pay online, and Wix keeps that booking's payment "
                f"online ({why}): no order was placed and nothing is paid. To take payment "
                f"here, set Payment to cancel on this row and add a new row for {name}; or "
                "the owner settles it in the Wix dashboard."
            )
        case p.OrderLineRefused(name=name, why=why):
            return (
                f"Wix would not take {name}'s booking as a pay-at-the-door order ({why}); "
                "no order was placed. The owner should check the class's payment settings, "
                "then run wixsync doctor: the row goes again by itself."
            )
        case p.PlanChargeDeclined(name=name, plan=plan):
            return (
                f"Wix declined the charge to {name}'s {plan}; the booking is still unpaid. "
                "Write cash or unpaid in Payment, or ask the owner to check the plan."
            )
        case p.NothingToCancel(name=name, class_name=cls, day=day):
            return (
                f"Wix holds no booking for {name} in {cls} on {day}, so there is nothing to "
                "cancel. Check the name, email, class and date."
            )
        case p.PaidAlready(name=name, was=was, now=now) if was.startswith("plan"):
            return (
                f"{name}'s seat was already charged to the {was.removeprefix('plan ')}, so "
                f"Wix was not changed to {now}. To pay another way: set Payment to cancel "
                "(the credit comes back), then add a new row."
            )
        case p.PaidAlready(name=name, was=was, now=now) if now == "unpaid":
            return (
                f"Wix already holds {name}'s payment ({was}); wixsync never removes a "
                "payment. If it was a mistake, the owner refunds it in the Wix dashboard; "
                f"otherwise write {was if was == 'cash' else 'its method'} back here."
            )
        case p.PaidAlready(name=name, was=was, now=now):
            return (
                f"Wix already holds {name}'s payment as {was}, so nothing was recorded as "
                f"{now}. Wix cannot change a payment's method: the owner corrects it in the "
                f"Wix dashboard, or write {was} back here."
            )
        case p.CheckoutWantsAddress():
            return (
                "Wix's old checkout, used because this API key may not use Cart V2, wants a "
                "billing address for the order and wixsync has none, so no order was placed: "
                "the owner must give the key the Cart V2 permissions "
                "(ecom:v2:cart:create_cart and ecom:v2:cart:place_order), then run wixsync "
                "doctor: the row goes again by itself."
            )
        case p.OrderPathRemoved():
            return (
                "Wix removed the old checkout on 2027-02-01 and this API key may not use "
                "Cart V2, so no order was placed: the owner must give the key the Cart V2 "
                "permissions (ecom:v2:cart:create_cart and ecom:v2:cart:place_order)."
            )
    return "Something went wrong with this row; the owner should check the log."


def old_checkout_until(removal: date, today: date) -> str:
    """The owner's warning while orders go through the old checkout (Checkout v1)."""
    days = (removal - today).days
    return (
        "Orders go through Wix's old checkout because this API key may not use Cart V2, and "
        f"Wix removes the old checkout on {removal:%-d %b %Y} (in {plural(days, 'day')}): "
        "from then on no booking gets its order. Give the key the Cart V2 permissions "
        "(ecom:v2:cart:create_cart and ecom:v2:cart:place_order) before then; the daemon tries "
        "Cart V2 again each day, and wixsync doctor checks it at once."
    )


EMAIL_REASONS = {
    "mixed_script": "mixes letters of two alphabets (a look-alike letter, e.g. a Cyrillic а)",
    "no_at": "has no @",
    "many_at": "has more than one @",
    "space": "has a space in it",
    "comma": "has a comma in it",
}


def booked_status(
    *,
    paid_via: str | None,
    plan: str | None,
    credits_left: str | None,
    amount_due: str | None,
    attended: str | None,
    cancelled: bool,
    method: str | None = None,
    pending: bool = False,
    when: str | None = None,
) -> str:
    """What a booked row's Status says; ``when`` (:func:`session_when`) is the session's
    date and time, right after "Booked"."""
    from sync.flows.attendee import method_said

    if cancelled:
        return "Cancelled"
    if paid_via in ("plan_checkout", "plan_billing") and plan and pending:
        text = f"Booked · {plan} · plan charge pending"
    elif paid_via in ("plan_checkout", "plan_billing") and plan:
        left = f", {credits_left} left" if credits_left not in (None, "", "unlimited") else ""
        text = f"Booked · {plan}{left}"
    elif paid_via in (
        "mark_as_paid",
        "mark_as_paid_pending",
        "add_payment",
        "add_payment_unconfirmed",
        "cash",
    ):
        text = f"Booked · paid {method_said(method)}"
    elif paid_via == "online":
        text = "Booked · paid online"
    elif amount_due:
        text = f"Booked · owes {amount_due}"
    else:
        text = "Booked"
    if attended == "ATTENDED":
        text += " · checked in"
    elif attended == "NOT_ATTENDED":
        text += " · no-show"
    return dated(text, when) if when else text


def session_when(day: date, at: time | None = None) -> str:
    """A session as a Status names it: "Tue 1 Dec 06:30" ("Tue 1 Dec" when the start is not
    known) — the real date, whatever the Date cell says ("today", "Sat")."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {at:%H:%M}" if at is not None else text


def dated(status: str, when: str) -> str:
    """ "Booked · paid cash" → "Booked · Tue 1 Dec 06:30 · paid cash"; a Status already
    dated, or not a booking's, is left as it is."""
    head, sep, rest = status.partition(" · ")
    if head != "Booked" or not when or rest == when or rest.startswith(f"{when} · "):
        return status
    return f"Booked · {when}{sep}{rest}"


#: Wix's own words for a booking, an order, a payment or an attendance, as the owner says them
WIX_STATES = {
    "CREATED": "not confirmed yet",
    "CONFIRMED": "confirmed",
    "PENDING": "waiting for approval",
    "WAITING_LIST": "on the waiting list",
    "CANCELED": "cancelled",
    "DECLINED": "declined",
    "APPROVED": "approved",
    "UNDEFINED": "no payment recorded",
    "NOT_PAID": "not paid",
    "PAID": "paid",
    "PARTIALLY_PAID": "partly paid",
    "REFUNDED": "refunded",
    "FULLY_REFUNDED": "refunded",
    "PARTIALLY_REFUNDED": "partly refunded",
    "EXEMPT": "nothing to pay",
    "ATTENDED": "checked in",
    "NOT_ATTENDED": "no-show",
}


def wix_state(value: object) -> str:
    """A Wix status (``CONFIRMED``, ``NOT_PAID``, ``NOT_ATTENDED``…) in the owner's words; one
    this table does not know, in lower case ("some new state")."""
    text = "" if value is None else str(value)
    return WIX_STATES.get(text, text.replace("_", " ").lower() or "unknown")


def plural(n: int, noun: str, many: str | None = None) -> str:
    """ "1 Wix call", "2 Wix calls", "0 rows": the noun as the number wants it."""
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


def row_counts(counts: Counts, *, planned: bool = False) -> str:
    """ "29 rows: 22 synced · 7 wait for a person (see Error)": every row in exactly one
    part, so the parts add up to the first number. ``planned``: what a cycle would do."""
    parts = [
        (counts.synced, "to sync" if planned else "synced"),
        (counts.to_fix, "wait for a person (see Error)", "waits for a person (see Error)"),
        (
            counts.waiting_wix,
            "wait for Wix (tried again by itself)",
            "waits for Wix (tried again by itself)",
        ),
        (counts.unchanged, "unchanged"),
    ]
    said = [f"{n} {words[-1] if n == 1 else words[0]}" for n, *words in parts if n]
    total = counts.total
    head = f"{total} row{'' if total == 1 else 's'}"
    return f"{head}: {' · '.join(said)}" if said else head


def left_alone(start: date, rows: list[int]) -> str:
    """The rows before the start date (``[sheet] start_date``), never synced: nothing is sent
    or written for them until the owner includes them once."""
    many, listed = _rows_listed(rows)
    return (
        f"Left alone: {many} before the start date {start:%a} {start.day} {start:%b} "
        f"({listed}); run `wixsync sync --once --include-older` to sync them."
    )


def tried_again(rows: list[int]) -> str:
    """Doctor's line: the rows refused for something in Wix or the key, sent again now."""
    many, listed = _rows_listed(rows)
    return (
        f"Tried again at the next cycle: {many} refused for something in Wix or the key ({listed})."
    )


def _rows_listed(rows: list[int], most: int = 12) -> tuple[str, str]:
    """("3 rows", "rows 4, 7, 9"): how many, and the first ``most`` by number."""
    shown = ", ".join(map(str, rows[:most])) + (", …" if len(rows) > most else "")
    one = len(rows) == 1
    return ("1 row" if one else f"{len(rows)} rows"), f"row{'' if one else 's'} {shown}"


def fix_in_wix(rows: int) -> str:
    """``status``: how many of the rows waiting for a person wait for a fix in Wix."""
    these = "1 of them waits" if rows == 1 else f"{rows} of them wait"
    return (
        f"{these} for a fix in Wix or the key (their Error says which): once it is made, run "
        "wixsync doctor, and the next cycle sends them again."
    )


#: the Status of a row whose booking was cancelled in Wix before the class (sync.extras.roster)
CANCELLED_IN_WIX = "Cancelled in Wix"


def prefilled_status(
    *,
    paid: bool,
    plan: str | None,
    amount_due: str | None,
    pending: bool = False,
    plan_due: bool = False,
) -> str:
    """The Status of a row the roster added for someone already booked in Wix: what is
    left to do at the door, if anything."""
    if pending:
        return "Booked online · awaiting approval"
    if plan:
        return f"Booked online · {plan}"
    if plan_due:
        return "Booked online · plan not charged yet"
    if paid:
        return "Booked online · paid"
    if amount_due:
        return f"Booked online · owes {amount_due}"
    return "Booked online"


def input_problem(problem: object) -> str:
    """A problem with what a volunteer typed (``sync.engine.input_problems``) as one
    sentence for the Error column: what was typed, shortened, and what to write instead."""
    from sync.engine import input_problems as ip

    match problem:
        case ip.MissingField(field_header=header):
            return f"Missing {header}."
        case ip.TooLong(field_header=header, length=length, limit=limit):
            return f"{header} is {length:,} characters long: shorten it to {limit} at most."
        case ip.Formula(field_header=header, value=value):
            return f"{header} {_typed(value)} is a formula: type the {header.lower()} itself."
        case ip.SheetError(field_header=header, value=value):
            return (
                f"{header} shows the sheet error {_typed(value)}: type it again, with an "
                "apostrophe (') first if it starts with = + or -."
            )
        case ip.BadEmail(value=value, reason="typo", suggestion=meant):
            fix = f"did you mean {meant}?" if meant else "check the part after the @."
            return f"Email {_typed(value)} looks mistyped: {fix}"
        case ip.BadEmail(value=value, reason=reason):
            why = EMAIL_REASONS.get(reason, "is not valid")
            return f"Email {_typed(value)} {why}: write it like ana@example.org."
        case ip.NotAName(value=value, checkbox=checkbox):
            why = "is a tick box" if checkbox else "has no letters"
            return f"Name {_typed(value)} {why}: type the person's name."
        case ip.BadDate(value=value, date_order=order):
            example = "28/6" if order == "DMY" else "6/28"
            return f"Date {_typed(value)} is not a date: write it like {example} or 28.06.2026."
        case ip.FarDate(value=value, actual=actual, ahead=ahead):
            when = "ahead" if ahead else "ago"
            return (
                f"Date {_typed(value)} is {actual:%a} {actual.day} {actual:%b %Y}, more than "
                f"6 months {when}: check the year."
            )
        case ip.AmbiguousDate(value=value, options=options):
            days = " or ".join(f"{d:%a} {d.day} {d:%b %Y}" for d in options)
            return f"Date {_typed(value)} could be {days}: add the year."
        case ip.WeekdayMismatch(value=value, weekday=weekday, actual=actual):
            return (
                f"Date {_typed(value)}: {actual.day} {actual:%b %Y} is a {actual:%A}, "
                f"not a {weekday}. Fix the day or the date."
            )
        case ip.BadTime(value=value):
            return f"Time {_typed(value)} is not a time: write it like 6:30, 6:30pm or 18:00."
        case ip.LabelConflict(field_header=header, value=value, session=session):
            what = "day" if header == "Date" else "start time"
            return (
                f"{header} {_typed(value)} is not the {what} of the session picked in Class "
                f"({session}): empty {header}, or pick the right session."
            )
        case ip.UnknownPayment(value=value, amount=True):
            return (
                f"Payment {_typed(value)} has an amount in it: write just cash if they paid, "
                "or unpaid if they owe (Wix knows the price)."
            )
        case ip.UnknownPayment(value=value, known=known, near=near):
            said = f"Payment {_typed(value)} is not one of: {', '.join(known)}."
            return f"{said} Did you mean {near}?" if near else said
        case ip.BadAttended(value=value):
            return f"Attended {_typed(value)} is not understood: tick the box, or write yes or no."
        case ip.SameSeat(row=row):
            return (
                f"Same person and session as row {row}: delete this row, or fix the name, "
                "email, class or date."
            )
        case ip.AfterCancel(row=row):
            return (
                f"Row {row} cancels this person's booking for this session first; this row "
                "is booked once that is done (a cycle later)."
            )
        case ip.HeldByDeletedRow(name=name, booking_id=booking):
            return (
                f"{name} is still booked for this session in Wix (booking {booking}), by a "
                "row since deleted: deleting a row cancels nothing. If they are not coming, "
                "add a row for them with Payment cancel; if that row was deleted by mistake, "
                "type it again."
            )
        case ip.MovedBooking():
            return (
                "This row was booked for another person, class or date; Wix was not "
                "changed. To move it: put the old details back and set Payment to "
                "cancel, then add a new row."
            )
    return "Something in this row cannot be read; the owner should check the log."


def _typed(value: str, limit: int = 40) -> str:
    """What the volunteer typed, quoted, on one line and at most ``limit`` characters."""
    text = " ".join("".join(c if c.isprintable() else " " for c in value[:200]).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"'{text}'"
