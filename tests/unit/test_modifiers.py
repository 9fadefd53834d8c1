"""Modifiers: option groups on an item, the diner's choices checked against them, and the
price they add to a line (always computed here, never taken from the client)."""
from __future__ import annotations

import itertools

import pytest

from chalicelib.domain.errors import InvalidInput, OptionChoiceInvalid, UnknownOption
from chalicelib.domain.menu import BranchItemSetting, BranchMenu, MenuItem
from chalicelib.domain.modifiers import (
    MAX_GROUPS,
    MAX_OPTIONS,
    ChosenOption,
    Option,
    OptionChoice,
    OptionGroup,
    check_option_groups,
    choose_options,
    options_total,
)
from chalicelib.domain.orders import LineRequest

DOWNTOWN = "br_downtown-lima"


def doneness() -> OptionGroup:
    return OptionGroup(id="doneness", name="Doneness", min_choices=1, max_choices=1, options=[
        Option("rare", "Rare"), Option("medium", "Medium"), Option("well", "Well done"),
    ])


def extras() -> OptionGroup:
    return OptionGroup(id="extras", name="Extras", min_choices=0, max_choices=3, options=[
        Option("egg", "Fried egg", 300), Option("avocado", "Avocado", 450), Option("chimichurri", "Chimichurri", 200),
        Option("fries", "Fries", 800),
    ])


def choices(*pairs: str) -> list[OptionChoice]:
    return [OptionChoice(*pair.split(":")) for pair in pairs]


def steak(price: int = 5200, **overrides) -> MenuItem:
    return MenuItem(id="lomo", chain_id="ch", category_id="cat", name="Lomo a la parrilla", description="",
                    price=price, option_groups=[doneness(), extras()], **overrides)


def a_menu(*items: MenuItem, settings=()) -> BranchMenu:
    return BranchMenu.compose(DOWNTOWN, "PEN", [], list(items), list(settings))


def line_ids():
    counter = itertools.count(1)
    return lambda: f"ln_{next(counter)}"


# -- choosing ----------------------------------------------------------------------------------
def test_exactly_one_doneness_is_accepted():
    chosen = choose_options([doneness(), extras()], choices("doneness:medium"), "options")

    assert chosen == [ChosenOption("doneness", "Doneness", "medium", "Medium", 0)]


def test_a_required_group_left_empty_is_refused_naming_the_options_field():
    with pytest.raises(OptionChoiceInvalid) as caught:
        choose_options([doneness(), extras()], choices("extras:egg"), "items[2].options")

    assert caught.value.field == "items[2].options"
    assert "Doneness" in caught.value.message


def test_two_choices_in_a_single_choice_group_are_refused():
    with pytest.raises(OptionChoiceInvalid) as caught:
        choose_options([doneness()], choices("doneness:rare", "doneness:well"), "options")

    assert caught.value.field == "options"
    assert "at most 1" in caught.value.message


def test_up_to_the_maximum_of_a_multi_choice_group_is_accepted():
    chosen = choose_options([doneness(), extras()],
                            choices("extras:fries", "doneness:rare", "extras:egg", "extras:avocado"), "options")

    assert [c.option_id for c in chosen] == ["rare", "egg", "avocado", "fries"]  # menu order, not the diner's


def test_one_more_than_the_maximum_is_refused():
    with pytest.raises(OptionChoiceInvalid):
        choose_options([doneness(), extras()],
                       choices("doneness:rare", "extras:egg", "extras:avocado", "extras:fries", "extras:chimichurri"),
                       "options")


def test_an_optional_group_may_be_left_empty():
    assert choose_options([extras()], [], "options") == []


def test_a_group_with_a_minimum_above_one_says_how_many():
    sides = OptionGroup("sides", "Sides", [Option("a", "A"), Option("b", "B"), Option("c", "C")], min_choices=2,
                        max_choices=3)

    with pytest.raises(OptionChoiceInvalid) as caught:
        choose_options([sides], choices("sides:a"), "options")

    assert "at least 2" in caught.value.message
    assert len(choose_options([sides], choices("sides:a", "sides:c"), "options")) == 2


def test_an_unknown_group_is_refused_naming_its_field():
    with pytest.raises(UnknownOption) as caught:
        choose_options([doneness()], choices("doneness:rare", "sauce:bbq"), "items[0].options")

    assert caught.value.field == "items[0].options[1].groupId"


def test_an_unknown_option_of_a_known_group_is_refused_naming_its_field():
    with pytest.raises(UnknownOption) as caught:
        choose_options([doneness()], choices("doneness:blue"), "items[0].options")

    assert caught.value.field == "items[0].options[0].optionId"


def test_an_option_of_another_group_is_unknown_in_this_one():
    with pytest.raises(UnknownOption):
        choose_options([doneness(), extras()], choices("doneness:egg"), "options")


def test_the_same_option_twice_is_refused_naming_the_repeat():
    with pytest.raises(OptionChoiceInvalid) as caught:
        choose_options([doneness(), extras()], choices("doneness:rare", "extras:egg", "extras:egg"), "items[1].options")

    assert caught.value.field == "items[1].options[2].optionId"


def test_choices_on_an_item_without_groups_are_unknown():
    with pytest.raises(UnknownOption):
        choose_options([], choices("doneness:rare"), "options")
    assert choose_options([], [], "options") == []


# -- pricing -----------------------------------------------------------------------------------
def test_the_unit_price_is_the_item_price_plus_the_deltas():
    [line] = a_menu(steak(5200)).price_lines(
        [LineRequest("lomo", 2, options=tuple(choices("doneness:well", "extras:egg", "extras:avocado")))], line_ids())

    assert line.unit_price == 5200 + 300 + 450
    assert line.total == 2 * (5200 + 750)
    assert [(o.group_name, o.name, o.price_delta) for o in line.options] == [
        ("Doneness", "Well done", 0), ("Extras", "Fried egg", 300), ("Extras", "Avocado", 450)]


def test_the_deltas_add_to_the_branch_price_not_the_chain_price():
    menu = a_menu(steak(5200), settings=[BranchItemSetting(DOWNTOWN, "lomo", price=5900)])

    [line] = menu.price_lines([LineRequest("lomo", 1, options=tuple(choices("doneness:rare", "extras:fries")))],
                              line_ids())

    assert line.unit_price == 5900 + 800


def test_options_total_sums_the_deltas():
    assert options_total([]) == 0
    assert options_total(choose_options([extras()], choices("extras:egg", "extras:fries"), "o")) == 1100


def test_an_item_without_groups_prices_as_before():
    plain = MenuItem(id="chicha", chain_id="ch", category_id="cat", name="Chicha", description="", price=900)

    [line] = a_menu(plain).price_lines([LineRequest("chicha", 3)], line_ids())

    assert (line.unit_price, line.options, line.age_restricted) == (900, [], False)


def test_price_lines_names_the_line_of_a_bad_choice():
    menu = a_menu(steak(), MenuItem(id="chicha", chain_id="ch", category_id="cat", name="Chicha", description="",
                                    price=900))

    with pytest.raises(OptionChoiceInvalid) as caught:
        menu.price_lines([LineRequest("chicha", 1), LineRequest("lomo", 1)], line_ids())

    assert caught.value.field == "items[1].options"


def test_an_age_restricted_item_marks_its_lines():
    pisco = MenuItem(id="pisco", chain_id="ch", category_id="cat", name="Pisco Sour", description="", price=2800,
                     age_restricted=True)

    [line] = a_menu(pisco).price_lines([LineRequest("pisco", 1)], line_ids())

    assert line.age_restricted is True
    assert a_menu(pisco).item("pisco").age_restricted is True


def test_the_menu_version_changes_when_an_option_changes():
    before = a_menu(steak()).version_tag()
    changed = steak()
    changed.option_groups[1].options[0].price_delta = 350

    assert a_menu(changed).version_tag() != before


# -- an item's groups must make sense -----------------------------------------------------------
def test_well_formed_groups_pass():
    check_option_groups([doneness(), extras()])
    check_option_groups([])


@pytest.mark.parametrize(("groups", "field"), [
    ([doneness(), doneness()], "optionGroups[1].id"),
    ([OptionGroup("g", "G", [])], "optionGroups[0].options"),
    ([OptionGroup("g", "G", [Option("a", "A")] * 2)], "optionGroups[0].options[1].id"),
    ([OptionGroup("g", "G", [Option("a", "A", -1)])], "optionGroups[0].options[0].priceDelta"),
    ([OptionGroup("g", "G", [Option("a", "A"), Option("b", "B")], min_choices=2, max_choices=1)],
     "optionGroups[0].minChoices"),
    ([OptionGroup("g", "G", [Option("a", "A")], min_choices=0, max_choices=2)], "optionGroups[0].maxChoices"),
    ([OptionGroup("g", "G", [Option("a", "A")], min_choices=0, max_choices=0)], "optionGroups[0].maxChoices"),
    ([OptionGroup("g", "G", [Option(str(i), str(i)) for i in range(MAX_OPTIONS + 1)], max_choices=1)],
     "optionGroups[0].options"),
    ([OptionGroup(f"g{i}", "G", [Option("a", "A")]) for i in range(MAX_GROUPS + 1)], "optionGroups"),
])
def test_malformed_groups_are_refused_naming_the_field(groups, field):
    with pytest.raises(InvalidInput) as caught:
        check_option_groups(groups)

    assert caught.value.field == field


def test_a_required_group_is_one_with_a_minimum():
    assert doneness().required is True
    assert extras().required is False
