"""Which of the mapped ERP fields a server really has: asked once per model, then cached.

ERP schemas differ. When one lacks an optional field (a supply address, self-consumption,
power periods…) the adapter neither searches nor reads it and the card leaves that item out,
instead of every call failing. Lacking an essential field (the partner's name, the phone the
caller is found by) is reported at start and by `tomatic doctor`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from tomatic.domain.customer import ErpMapping

ESSENTIAL = ("partner_name", "address_phone")
"""Mapping settings without which an incoming call cannot be matched to a named partner."""

NOT_FIELDS = {
    "member_category_id",
    "invoice_types",
    "invoice_unpaid_states",
    "invoice_unpaid_types",
}
_MODEL_OF_PREFIX = {
    "partner": "partner_model",
    "address": "address_model",
    "contract": "contract_model",
    "power": "power_period_model",
    "invoice": "invoice_model",
    "meter": "meter_model",
    "reading": "reading_model",
}


@dataclass(frozen=True)
class MappedField:
    """One field the mapping names: the mapping setting, the ERP model and the field."""

    setting: str
    model: str
    field: str

    @property
    def essential(self) -> bool:
        """True for the fields a call card cannot do without."""
        return self.setting in ESSENTIAL


def mapped_fields(m: ErpMapping) -> list[MappedField]:
    """Every field the mapping reads or searches, with the model it lives on."""
    found = []
    for setting, value in m.model_dump().items():
        if setting.endswith("_model") or setting in NOT_FIELDS or value is None:
            continue
        if setting == "partner_categories" and m.member_category_id is None:
            continue
        model = _model_of(m, setting)
        if isinstance(value, dict):
            found += [MappedField(f"{setting}.{k}", model, v) for k, v in value.items()]
        else:
            found.append(MappedField(setting, model, value))
    return found


def _model_of(m: ErpMapping, setting: str) -> str:
    model = getattr(m, _MODEL_OF_PREFIX[setting.split("_", 1)[0]])
    return model if model is not None else m.partner_model  # contact fields on partners


class ErpFields:
    """The fields of each model, fetched once with `fetch(model)` (XML-RPC `fields_get`).

    A failed fetch is not cached: the next call asks again.
    """

    def __init__(self, fetch: Callable[[str], set[str]]) -> None:
        self._fetch = fetch
        self._known: dict[str, frozenset[str]] = {}

    def of(self, model: str) -> frozenset[str]:
        """The field names of `model`."""
        if model not in self._known:
            # two threads may both ask the first time: the answers are the same
            self._known[model] = frozenset(self._fetch(model))
        return self._known[model]

    def has(self, model: str, field: str | None) -> bool:
        """True when `field` is set in the mapping and exists on `model`."""
        return field is not None and field in self.of(model)

    def keep(self, model: str, names: Iterable[str | None]) -> list[str]:
        """Those of `names` that `model` has, in order, without repeats."""
        fields = self.of(model)
        return [name for name in dict.fromkeys(names) if name is not None and name in fields]

    def missing(
        self, mapping: ErpMapping, models: Collection[str] | None = None
    ) -> list[MappedField]:
        """The mapped fields the server lacks (of `models` only, if given), in mapping order."""
        return [
            f
            for f in mapped_fields(mapping)
            if (models is None or f.model in models) and f.field not in self.of(f.model)
        ]
