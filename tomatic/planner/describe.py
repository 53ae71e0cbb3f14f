"""Human texts for penalties and diagnoses, in the user's language (catalogue `planner.yaml`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tomatic.domain.model import WEEKDAYS
from tomatic.i18n import t
from tomatic.planner.instance import Penalty, Problem
from tomatic.planner.validation import Term

DEFAULT_FOUR_HOURS = ("09:00", "10:15", "11:30", "12:45")
"""Start times of the usual four turns, used when the caller gives no labels."""


@dataclass
class Labels:
    """How to show days, turns and people to someone reading `lang`."""

    problem: Problem
    lang: str = "en"
    names: dict[str, str] = field(default_factory=dict)
    hours: list[str] | None = None

    def day(self, day: int) -> str:
        """The day's name (weekday codes are translated, other labels shown as they are)."""
        code = self.problem.days[day]
        return t(self.lang, f"planner.day.{code}") if code in WEEKDAYS else code

    def hour(self, hour: int) -> str:
        """The turn's label: the caller's, the usual start time, or "turn N"."""
        if self.hours is not None and hour < len(self.hours):
            return self.hours[hour]
        if self.problem.n_hours == 4:
            return DEFAULT_FOUR_HOURS[hour]
        return t(self.lang, "planner.turn", n=hour + 1)

    def person(self, person: str | None) -> str:
        """The person's display name (their id capitalised if none is given)."""
        if person is None:
            return ""
        return self.names.get(person) or person.capitalize()

    def enumerate(self, items: Iterable[str]) -> str:
        """ "a, b and c" in the reader's language."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return t(self.lang, "planner.and", first=", ".join(items[:-1]), last=items[-1])


def describe(
    terms: list[Term],
    problem: Problem,
    lang: str = "en",
    names: dict[str, str] | None = None,
    hours: list[str] | None = None,
) -> list[Penalty]:
    """Turn checker cost terms into penalties with a text for people.

    Args:
        terms: cost terms from `validation.cost_terms`.
        problem: the problem they belong to (day labels).
        lang: ca, es or en.
        names: display name per person id, if known.
        hours: turn labels such as ["09:00", "10:15", "11:30", "12:45"].

    Returns:
        One Penalty per term, in the same order.
    """
    labels = Labels(problem, lang, names or {}, hours)
    return [
        Penalty(
            rule=term.rule,
            day=term.day,
            hour=term.hour,
            person=term.person,
            cost=term.cost,
            text=penalty_text(term, labels),
        )
        for term in terms
    ]


def penalty_text(term: Term, labels: Labels) -> str:
    """The sentence explaining one cost term."""
    params = {
        "name": labels.person(term.person),
        "day": labels.day(term.day),
        "hour": labels.hour(term.hour) if term.hour is not None else "",
        **term.params,
    }
    key = f"planner.penalty.{term.rule}"
    if term.rule == "holes":
        key += ".one" if term.params["k"] == 1 else ".many"
    if term.rule == "fairness" and "before" in term.params:
        key += ".week"
        params["before"] = labels.enumerate(labels.day(d) for d in term.params["before"])
    elif term.rule == "fairness":
        key += ".more" if term.params["share"] > 0 else ".less"
    if term.rule == "shape":
        key += f".{term.params['shape']}"
        params["hours"] = labels.enumerate(labels.hour(h) for h in term.params["hours"])
    return t(labels.lang, key, **params)
