"""Long histories the random sheet edits (``bench/sheet_edits.py``) found the product getting
wrong, each shrunk (delta debugging) from a seed's run: replayed by
``tests/proof/test_sheet_edits.py`` with the short ones of its ``FOUND``. Kept apart because
each is long."""

from __future__ import annotations

from tests.proof.sheet_edits import Edit, Op

#: seed 3, 39 edits, the last what matters: a cancel row whose booking was cancelled is
#: copied whole (hidden cells too), the copy keeps the Row ID, and another person is typed
#: over it: the row showed the first person's cancelled booking ID beside "Wix holds no
#: booking for <the new person>" (it now starts from nothing: the engine's ``retyped``)
COPIED_ROW_SHOWS_ANOTHERS_BOOKING: list[Edit] = [
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    2,
                    [
                        "6/20",
                        "",
                        "Open Water Swim",
                        "Noor Quinn",
                        "zoe.quinn@example.org",
                        "",
                        "",
                        "",
                        "n1",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    3,
                    [
                        "6/16",
                        "",
                        "Open Water Swim",
                        "Ana Lee",
                        "ana.lee@example.org",
                        "cash",
                        "",
                        "",
                        "n2",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(2, 1)),
            Op(kind="paste", args=(3, 2)),
            Op(kind="type", args=(2, [None, None, None, None, None, None, None, None, "n3"])),
            Op(
                kind="type",
                args=(
                    2,
                    [
                        None,
                        None,
                        None,
                        "Sara Berg",
                        "lena.berg@example.org",
                        None,
                        None,
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    5,
                    [
                        "tomorrow",
                        "",
                        "Open Water Swim",
                        "Eve Martin",
                        "eve.martin@example.org",
                        "plan",
                        "10 Swim Pass",
                        "",
                        "n4",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    6,
                    [
                        "tomorrow",
                        "",
                        "Masters Swim",
                        "Maya Okafor",
                        "maya.okafor@example.org",
                        "unpaid",
                        "",
                        "",
                        "n5",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="change payment",
        ops=(Op(kind="type", args=(6, [None, None, None, None, None, "cancel"])),),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    7,
                    [
                        "6/21",
                        "",
                        "Open Water Swim",
                        "Zoe Quinn",
                        "zoe.quinn@example.org",
                        "cash",
                        "",
                        "",
                        "n6",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    8,
                    [
                        "sat",
                        "",
                        "Masters Swim",
                        "Tom Reyes",
                        "tom.reyes@example.org",
                        "",
                        "",
                        "",
                        "n7",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="change payment",
        ops=(Op(kind="type", args=(16, [None, None, None, None, None, "cash"])),),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    23,
                    [
                        "Wednesday",
                        "",
                        "Masters Swim",
                        "Leo Novak",
                        "ivan.novak@example.org",
                        "cash",
                        "",
                        "",
                        "n24",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="retype deleted",
        ops=(
            Op(
                kind="type",
                args=(
                    24,
                    [
                        "6/20",
                        "",
                        "Open Water Swim",
                        "Noor Quinn",
                        "zoe.quinn@example.org",
                        "cancel",
                        "",
                        "",
                        "n25",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="retype deleted",
        ops=(
            Op(
                kind="type",
                args=(
                    25,
                    [
                        "6/20",
                        "",
                        "Open Water Swim",
                        "Noor Quinn",
                        "zoe.quinn@example.org",
                        "cancel",
                        "",
                        "",
                        "n26",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    26,
                    [
                        "today",
                        "",
                        "Masters Swim",
                        "Cara Nguyen",
                        "cara.nguyen@example.org",
                        "cash",
                        "",
                        "",
                        "n27",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(3, 1)),
            Op(kind="paste", args=(2, 3)),
            Op(kind="type", args=(3, [None, None, None, None, None, None, None, None, "n28"])),
            Op(
                kind="type",
                args=(
                    3,
                    [
                        None,
                        None,
                        None,
                        "Gus Petrov",
                        "gus.petrov@example.org",
                        None,
                        None,
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    28,
                    [
                        "today",
                        "",
                        "Masters Swim",
                        "Ana Lee",
                        "ana.lee@example.org",
                        "cash",
                        "",
                        "x",
                        "n29",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    29,
                    [
                        "6/22",
                        "",
                        "Open Water Swim",
                        "Noor Quinn",
                        "zoe.quinn@example.org",
                        "cash",
                        "",
                        "",
                        "n30",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="retype deleted",
        ops=(
            Op(
                kind="type",
                args=(
                    30,
                    [
                        "6/13",
                        "",
                        "Masters Swim",
                        "Tom Reyes",
                        "tom.reyes@example.org",
                        "cancel",
                        "",
                        "",
                        "n31",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(2, 1)),
            Op(kind="paste", args=(15, 2)),
            Op(kind="type", args=(2, [None, None, None, None, None, None, None, None, "n32"])),
            Op(
                kind="type",
                args=(
                    2,
                    [None, None, None, "Jade Kim", "jade.kim@example.org", "card", "", None, None],
                ),
            ),
        ),
    ),
    Edit(kind="sort", ops=(Op(kind="sort", args=("Date", False)),)),
    Edit(kind="delete", ops=(Op(kind="delete", args=(4,)),)),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(3, 1)),
            Op(kind="paste", args=(4, 3)),
            Op(kind="type", args=(3, [None, None, None, None, None, None, None, None, "n36"])),
            Op(
                kind="type",
                args=(
                    3,
                    [
                        None,
                        None,
                        None,
                        "Tom Reyes",
                        "tom.reyes@example.org",
                        None,
                        None,
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    33,
                    [
                        "6/25",
                        "",
                        "Open Water Swim",
                        "Tom Reyes",
                        "tom.reyes@example.org",
                        "card",
                        "",
                        "",
                        "n37",
                    ],
                ),
            ),
        ),
    ),
    Edit(kind="sort", ops=(Op(kind="sort", args=("Name", True)),)),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(5, 1)),
            Op(kind="paste", args=(19, 5)),
            Op(kind="type", args=(5, [None, None, None, None, None, None, None, None, "n39"])),
            Op(
                kind="type",
                args=(
                    5,
                    [
                        None,
                        None,
                        None,
                        "Finn Walsh",
                        "finn.walsh@example.org",
                        None,
                        None,
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(2, 1)),
            Op(kind="paste", args=(9, 2)),
            Op(kind="type", args=(2, [None, None, None, None, None, None, None, None, "n40"])),
            Op(
                kind="type",
                args=(
                    2,
                    [
                        None,
                        None,
                        None,
                        "Ivan Novak",
                        "ivan.novak@example.org",
                        "unpaid",
                        "",
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    35,
                    [
                        "6/25",
                        "",
                        "Masters Swim",
                        "Eve Martin",
                        "eve.martin@example.org",
                        "cash",
                        "",
                        "",
                        "n41",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="change payment",
        ops=(Op(kind="type", args=(31, [None, None, None, None, None, "card"])),),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    36,
                    [
                        "today",
                        "",
                        "Masters Swim",
                        "Finn Walsh",
                        "finn.walsh@example.org",
                        "plan",
                        "5 Masters Pass",
                        "x",
                        "n42",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(17, 1)),
            Op(kind="paste", args=(36, 17)),
            Op(kind="type", args=(17, [None, None, None, None, None, None, None, None, "n43"])),
            Op(kind="cycle", args=()),
            Op(
                kind="type",
                args=(
                    17,
                    [
                        None,
                        None,
                        None,
                        "Ben Ortiz",
                        "ben.ortiz@example.org",
                        None,
                        None,
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(4, 1)),
            Op(kind="paste", args=(7, 4)),
            Op(kind="type", args=(4, [None, None, None, None, None, None, None, None, "n60"])),
            Op(
                kind="type",
                args=(
                    4,
                    [
                        None,
                        None,
                        None,
                        "Finn Walsh",
                        "finn.walsh@example.org",
                        "cash",
                        "",
                        None,
                        None,
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    51,
                    [
                        "today",
                        "",
                        "Open Water Swim",
                        "Maya Okafor",
                        "maya.okafor@example.org",
                        "cash",
                        "",
                        "x",
                        "n62",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    52,
                    [
                        "7/1",
                        "",
                        "Open Water Swim",
                        "Sara Berg",
                        "lena.berg@example.org",
                        "unpaid",
                        "",
                        "",
                        "n65",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    54,
                    [
                        "7/1",
                        "",
                        "Masters Swim",
                        "Ivan Novak",
                        "ivan.novak@example.org",
                        "cash",
                        "",
                        "",
                        "n67",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="change payment",
        ops=(Op(kind="type", args=(26, [None, None, None, None, None, "card"])),),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    55,
                    [
                        "6/28",
                        "",
                        "Masters Swim",
                        "Cara Nguyen",
                        "cara.nguyen@example.org",
                        "cash",
                        "",
                        "",
                        "n68",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="add",
        ops=(
            Op(
                kind="type",
                args=(
                    57,
                    [
                        "tomorrow",
                        "",
                        "Open Water Swim",
                        "Lena Berg",
                        "lena.berg@example.org",
                        "unpaid",
                        "",
                        "",
                        "n70",
                    ],
                ),
            ),
        ),
    ),
    Edit(
        kind="change payment",
        ops=(Op(kind="type", args=(27, [None, None, None, None, None, "plan"])),),
    ),
    Edit(kind="sort", ops=(Op(kind="sort", args=("Row ID", False)),)),
    Edit(
        kind="copy row over",
        ops=(
            Op(kind="insert", args=(17, 1)),
            Op(kind="paste", args=(31, 17)),
            Op(kind="type", args=(17, [None, None, None, None, None, None, None, None, "n76"])),
            Op(kind="cycle", args=()),
            Op(
                kind="type",
                args=(
                    17,
                    [None, None, None, "Ana Lee", "ana.lee@example.org", None, None, None, None],
                ),
            ),
        ),
    ),
]

LONG_FOUND: dict[str, list[Edit]] = {
    "seed 3: a copied-over row ends showing another person's booking": (
        COPIED_ROW_SHOWS_ANOTHERS_BOOKING
    ),
}
