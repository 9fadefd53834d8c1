"""Modifiers: an item's option groups ("Doneness": exactly one; "Extras": up to 3), the
diner's choices, checked against them, and the price they add to a line."""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InvalidInput, OptionChoiceInvalid, UnknownOption

MAX_GROUPS = 10
MAX_OPTIONS = 20
MAX_DELTA = 1_000_000  # minor units


@dataclass
class Option:
    id: str
    name: str
    price_delta: int = 0  # minor units, never negative: a cheaper variant is its own item
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {"es": {"name": ...}}


@dataclass
class OptionGroup:
    id: str
    name: str
    options: list[Option] = field(default_factory=list)
    min_choices: int = 0
    max_choices: int = 1
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {"es": {"name": ...}}

    @property
    def required(self) -> bool:
        return self.min_choices >= 1

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class OptionChoice:
    """What the diner asked for: one option of one group."""

    group_id: str
    option_id: str


@dataclass(frozen=True)
class ChosenOption:
    """A choice as the order line keeps it: names and the price as they were when ordered."""

    group_id: str
    group_name: str
    option_id: str
    name: str
    price_delta: int = 0


def option_group(id: str, name: str, options: list[Option], *, required: bool | None = None,
                 min_choices: int | None = None, max_choices: int = 1, field_name: str = "optionGroup",
                 translations: dict[str, dict[str, str]] | None = None) -> OptionGroup:
    """A group as the API and the demo file describe it: `required` is shorthand for a
    minimum of one; given with a minimum, the two must agree."""
    minimum = min_choices if min_choices is not None else (1 if required else 0)
    if required is not None and required != (minimum >= 1):
        raise InvalidInput(f"{field_name}.required: a required group needs minChoices of 1 or more, an optional one 0",
                           field=f"{field_name}.required")
    return OptionGroup(id=id, name=name, options=options, min_choices=minimum, max_choices=max_choices,
                       translations=dict(translations or {}))


def check_option_groups(groups: list[OptionGroup], field_name: str = "optionGroups") -> None:
    """A menu item's groups must make sense before a diner meets them."""
    if len(groups) > MAX_GROUPS:
        raise InvalidInput(f"An item has at most {MAX_GROUPS} option groups.", field=field_name)
    seen_groups: set[str] = set()
    for g_index, group in enumerate(groups):
        where = f"{field_name}[{g_index}]"
        if group.id in seen_groups:
            raise InvalidInput(f"Option group {group.id!r} appears twice.", field=f"{where}.id")
        seen_groups.add(group.id)
        if not group.options:
            raise InvalidInput(f"{group.name} needs at least one option.", field=f"{where}.options")
        if len(group.options) > MAX_OPTIONS:
            raise InvalidInput(f"A group has at most {MAX_OPTIONS} options.", field=f"{where}.options")
        seen_options: set[str] = set()
        for o_index, option in enumerate(group.options):
            if option.id in seen_options:
                raise InvalidInput(f"Option {option.id!r} appears twice in {group.name}.",
                                   field=f"{where}.options[{o_index}].id")
            seen_options.add(option.id)
            if not 0 <= option.price_delta <= MAX_DELTA:
                raise InvalidInput(f"A price delta is between 0 and {MAX_DELTA}.",
                                   field=f"{where}.options[{o_index}].priceDelta")
        if not 0 <= group.min_choices <= group.max_choices:
            raise InvalidInput(f"{group.name}: the minimum cannot exceed the maximum.", field=f"{where}.minChoices")
        if not 1 <= group.max_choices <= len(group.options):
            raise InvalidInput(f"{group.name}: the maximum is between 1 and its number of options.",
                               field=f"{where}.maxChoices")


def choose_options(groups: list[OptionGroup], choices: list[OptionChoice], field_name: str) -> list[ChosenOption]:
    """Checks the diner's choices against the item's groups and returns them in menu order.

    Each problem names its field: an unknown group or option, a choice given twice, too few
    choices in a required group, too many in any group."""
    by_id = {g.id: g for g in groups}
    picked: dict[str, set[str]] = {g.id: set() for g in groups}
    for index, choice in enumerate(choices):
        group = by_id.get(choice.group_id)
        if group is None:
            raise UnknownOption(f"This item has no option group {choice.group_id!r}.",
                                field=f"{field_name}[{index}].groupId")
        if group.option(choice.option_id) is None:
            raise UnknownOption(f"{group.name} has no option {choice.option_id!r}.",
                                field=f"{field_name}[{index}].optionId")
        if choice.option_id in picked[group.id]:
            raise OptionChoiceInvalid(f"{group.name}: {choice.option_id!r} is chosen twice.",
                                      field=f"{field_name}[{index}].optionId")
        picked[group.id].add(choice.option_id)
    chosen: list[ChosenOption] = []
    for group in groups:
        count = len(picked[group.id])
        if count < group.min_choices:
            wanted = "one" if group.min_choices == 1 else f"at least {group.min_choices}"
            raise OptionChoiceInvalid(f"{group.name}: choose {wanted}.", field=field_name)
        if count > group.max_choices:
            raise OptionChoiceInvalid(f"{group.name}: choose at most {group.max_choices}.", field=field_name)
        chosen.extend(
            ChosenOption(group_id=group.id, group_name=group.name, option_id=o.id, name=o.name, price_delta=o.price_delta)
            for o in group.options if o.id in picked[group.id]
        )
    return chosen


def options_total(chosen: list[ChosenOption]) -> int:
    return sum(c.price_delta for c in chosen)
