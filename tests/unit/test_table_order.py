"""One table order for every list and sheet: the order staff count tables in."""
from __future__ import annotations

import random

from chalicelib.domain.venues import table_order_key


def in_table_order(codes: list[str]) -> list[str]:
    return sorted(codes, key=table_order_key)


def test_numbers_in_codes_count_as_numbers():
    assert in_table_order(["T10", "T2", "T1", "T20", "T3"]) == ["T1", "T2", "T3", "T10", "T20"]


def test_a_letter_after_the_number_stands_between_that_number_and_the_next():
    assert in_table_order(["T2", "T1A", "T10", "T1"]) == ["T1", "T1A", "T2", "T10"]


def test_areas_come_in_alphabetical_order_whatever_their_case():
    assert in_table_order(["T1", "bar2", "Bar10", "B1"]) == ["B1", "bar2", "Bar10", "T1"]


def test_numbers_deeper_in_a_code_count_as_numbers_too():
    assert in_table_order(["P1-T10", "P2-T1", "P1-T2"]) == ["P1-T2", "P1-T10", "P2-T1"]


def test_codes_without_digits_sort_by_their_letters():
    assert in_table_order(["Terrace", "Bar", "T1"]) == ["Bar", "T1", "Terrace"]


def test_codes_equal_but_for_case_or_zeros_still_have_one_order():
    codes = ["t1", "T01", "T1", "T001"]
    orders = {tuple(in_table_order(random.Random(seed).sample(codes, len(codes)))) for seed in range(20)}

    assert len(orders) == 1
