"""Hypothesis strategies for what coordinators and operators may type after `/tomatic`.

Commands grow from the registry (every name and alias) and from the documented shape of
each subcommand (its help example, and the forms below): each word is kept, swapped for
another of its kind, swapped for something hostile, or dropped, and stray words are added.
Shrinking heads back to the documented form, so a failure reads as "this form, with this
one word changed".
"""

from __future__ import annotations

from hypothesis import strategies as st

import handlers.commands  # noqa: F401 - registers every subcommand
from handlers.commands import registry

TEAM = ("anna", "bernat", "carla", "dani", "eva", "ferran", "gina", "hug")

FORMS: dict[str, tuple[str, ...]] = {
    "busy": (
        "busy",
        "busy @anna",
        "busy carla",
        "busy remove abcd",
        "busy add next wed all required Doctor",
        "busy add @carla 2026-12-09 3,4 optional Course",
    ),
    "person": ("person show carla", "person edit bernat", "person remove carla", "person add zoe"),
    "set": ("set", "set next dl 09:00 1 nobody", "set 2026-12-02 10:15 2 carla"),
    "forced": ("forced", "forced remove dl 09:00 1", "forced add dv 12:45 2 carla"),
    "timetable": ("timetable", "timetable log next", "timetable last", "timetable 2026-W49"),
    "changes": ("changes", "changes last"),
    "stats": ("stats", "stats day last", "stats week 2026-W47", "stats day 2026-11-20"),
    "add": ("add", "add 0", "add --extension 3010", "add @carla"),
    "pause": ("pause", "pause 3002 lunch", "pause @carla"),
    "remove": ("remove", "remove 3002"),
    "swap": ("swap next mon 09:00", "swap tomorrow 10:15"),
    "replan": ("replan", "replan 2026-11-27"),
    "plan": ("plan", "plan next"),
    "publish": ("publish", "publish 2026-12-07"),
    "search": ("search 629436216", "search email:a@b.coop", "search Romero"),
    "says": ("says Hola equip!\n*demà* reunió",),
}

KINDS: dict[str, list[str]] = {
    "day": "dl dm dt dx dc dj dv ds dg mon wed fri sun dimecres miércoles today tomorrow avui "
    "demà mañana all".split(),
    "week": "next last this següent anterior siguiente 2026-W50 2026-W53".split(),
    "date": "2026-12-02 2026-11-20 9/12 31/2 2026-02-30 0001-01-01 9999-12-31 10000-01-01 1/1/1 "
    "2026-13-01 1970-01-01".split(),
    "hour": "09:00 10:15 11:30 12:45 14:00 9:00 25:00 09:60 0900".split(),
    "number": "0 1 2 3 40 -1 +1 01 1e3 1.5 20000000 18446744073709551616 3010 3002".split()
    + ["9" * 40],
    "turns": "0011 1111 3,4 1,2,3,4,5 0 00x1 0,-1".split() + ["1" * 40],
    "person": [
        *TEAM,
        *"nobody ningú nadie zoe ANNA @bernat <@U0CARLA|carla> <@U0NOBODY|x> "
        "<@U0ANNA> U0EVA W0 @".split(),
    ],
    "word": "add remove edit show log optional required day week --extension field:value "
    "nif:12345678Z phone:629436216 all rm".split(),
}

HOSTILE = [
    *"² ١٢ ๓ Ⅻ ９ 𝟗 <!channel> <!here> <!everyone> <https://evil.example|click> <mailto:x@y.z|me> "
    "&amp; &lt;b&gt; *bold* `code` ``` ~x~ {name} {0} {week!r} %s %(x)s 🍅 \\ ' \" null None NaN "
    "inf -0 0x10 1_000 ١٢:٠٠ 09:00:00 T09:00".split(),
    *("\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "a" * 5000, "é" * 2000),
]

ACTIONS = ("keep", "same kind", "hostile", "arbitrary", "drop")

arbitrary_word = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


def kind_of(word: str) -> str:
    """Which family a word of a documented form belongs to."""
    for kind, words in KINDS.items():
        if word in words:
            return kind
    if word[:1].isdigit() and "-" in word:
        return "date"
    if ":" in word and word[:1].isdigit():
        return "hour"
    return "number" if word.isdigit() else "word"


def forms() -> list[str]:
    """Every documented form: each subcommand's help example and the forms above."""
    found = [" ".join(entry.example.split()[1:]) for entry in registry.SUBCOMMANDS.values()]
    return sorted({*found, *(form for group in FORMS.values() for form in group)})


@st.composite
def mutated(draw: st.DrawFn, form: str) -> str:
    """`form` with each argument kept, swapped, made hostile or dropped, and words added."""
    name, *args = form.split(" ")
    entry = registry.find(name)
    spellings = [name, *(entry.aliases if entry else ())]
    words = [draw(st.sampled_from(spellings))]
    for word in args:
        action = draw(st.sampled_from(ACTIONS))
        if action == "keep":
            words.append(word)
        elif action == "same kind":
            words.append(draw(st.sampled_from(KINDS[kind_of(word)])))
        elif action == "hostile":
            words.append(draw(st.sampled_from(HOSTILE)))
        elif action == "arbitrary":
            words.append(draw(arbitrary_word))
    extra = draw(st.lists(st.sampled_from(HOSTILE) | arbitrary_word, max_size=2))
    return " ".join(words + extra)


def command_texts() -> st.SearchStrategy[str]:
    """What follows `/tomatic`: mostly documented forms changed a little, sometimes anything."""
    documented = st.sampled_from(forms()).flatmap(mutated)
    anything = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
    return st.one_of(documented, documented, documented, anything)
