"""Modifiers at the service level: a diner's choices checked against the item's option groups
(each refusal names its field and stores nothing), their price deltas on the branch's own price,
and the option groups an owner may give an item."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import InvalidInput, OptionChoiceInvalid, UnknownOption
from chalicelib.domain.modifiers import Option, OptionChoice, OptionGroup
from chalicelib.domain.orders import LineRequest
from chalicelib.services import menus, ordering
from tests.services.world import DOWNTOWN, OWNER, seated

CHAIN = "ch_comanda-demo"
STEAK = "lomo-a-la-parrilla"
MEDIUM, RARE = OptionChoice("doneness", "medium"), OptionChoice("doneness", "rare")
EGG, AVOCADO = OptionChoice("extras", "fried-egg"), OptionChoice("extras", "avocado")


def steak(*options: OptionChoice) -> LineRequest:
    return LineRequest(STEAK, 1, options=options)


@pytest.mark.parametrize(("line", "error", "field"), [
    (steak(EGG), OptionChoiceInvalid, "items[1].options"),  # the required doneness is missing
    (steak(MEDIUM, RARE), OptionChoiceInvalid, "items[1].options"),  # doneness: at most one
    (steak(MEDIUM, EGG, AVOCADO, OptionChoice("extras", "grilled-provolone"), OptionChoice("extras", "extra-chimichurri")),
     OptionChoiceInvalid, "items[1].options"),  # extras: at most three
    (steak(MEDIUM, EGG, EGG), OptionChoiceInvalid, "items[1].options[2].optionId"),  # the same option twice
    (steak(OptionChoice("doneness", "blue")), UnknownOption, "items[1].options[0].optionId"),
    (LineRequest("ceviche-clasico", 1, options=(MEDIUM,)), UnknownOption, "items[1].options[0].groupId"),
])
def test_each_bad_choice_is_refused_naming_its_field_and_nothing_is_stored(repos, tokens, line, error, field):
    diner = seated(repos, tokens)

    with pytest.raises(error) as refused:  # a good first line, so the error must point at the second
        ordering.place_order(repos, diner.principal, [LineRequest("chicha-morada", 1), line])

    assert refused.value.field == field
    assert ordering.session_orders(repos, diner.principal) == []


def test_the_deltas_add_to_the_branchs_own_price_and_other_options_stay_other_lines(repos, tokens):
    _, miraflores = menus.public_menu(repos, "miraflores")
    branch_price = next(i for i in miraflores.items if i.id == STEAK).price
    assert branch_price != repos.menu.get_item(CHAIN, STEAK).price  # Miraflores has its own price
    ana = seated(repos, tokens, "T3", slug="miraflores", staff=OWNER)

    placed = ordering.place_order(repos, ana.principal, [steak(RARE, AVOCADO), steak(MEDIUM), steak(MEDIUM, EGG)])

    assert placed.lines[0].unit_price == branch_price + 450
    assert [[o.option_id for o in line.options] for line in placed.lines] == [["rare", "avocado"], ["medium"],
                                                                               ["medium", "fried-egg"]]
    assert [line.unit_price for line in placed.lines][1:] == [branch_price, branch_price + 300]


SIZE = OptionGroup("size", "Size", [Option("small", "Small"), Option("large", "Large", 400)], min_choices=1)


@pytest.mark.parametrize(("groups", "field"), [
    ([SIZE, SIZE], "optionGroups[1].id"),
    ([OptionGroup("size", "Size", SIZE.options, min_choices=1, max_choices=3)], "optionGroups[0].maxChoices"),
    ([OptionGroup("size", "Size", [*SIZE.options, Option("xl", "XL")], min_choices=3, max_choices=2)],
     "optionGroups[0].minChoices"),
    ([OptionGroup("size", "Size", [Option("a", "A"), Option("a", "B")], min_choices=1)], "optionGroups[0].options[1].id"),
])
def test_option_groups_that_make_no_sense_are_refused_naming_the_field(repos, groups, field):
    with pytest.raises(InvalidInput) as refused:
        menus.update_item(repos, OWNER, DOWNTOWN, "seco-de-res", menus.ItemFields(option_groups=groups))

    assert refused.value.field == field
    assert repos.menu.get_item(CHAIN, "seco-de-res").option_groups == []
