"""The container's menu cache: a menu comes back only under the version it was kept under.

Thread safety is by construction rather than tested: every read and change of the cache's
table happens under one lock, and what is kept is immutable bytes (each reader unpickles its
own copy outside the lock); two threads that both miss both Query and the last to store wins,
which is still right because each stores a menu read after the version it stores it under."""
from __future__ import annotations

from chalicelib.domain.menu import Category, ChainMenu, MenuItem
from chalicelib.store.menu_cache import MenuCache


def a_menu(price: int = 1200) -> ChainMenu:
    return ChainMenu(
        categories=[Category(id="cat_mains", chain_id="ch_1", name="Mains")],
        items=[MenuItem(id="lomo", chain_id="ch_1", category_id="cat_mains", name="Lomo", description="",
                        price=price, tags=["house"])],
    )


class Ticking:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_menu_kept_under_a_version_comes_back_for_that_version():
    cache = MenuCache()
    cache.put("ch_1", (3, "a"), a_menu())
    assert cache.get("ch_1", (3, "a")) == a_menu()


def test_another_version_or_another_chain_finds_nothing():
    cache = MenuCache()
    cache.put("ch_1", (3, "a"), a_menu())
    assert cache.get("ch_1", (4, "b")) is None
    assert cache.get("ch_1", (3, "other stamp")) is None  # a recreated table counting from 1 again
    assert cache.get("ch_2", (3, "a")) is None


def test_a_newer_menu_replaces_the_older_one():
    cache = MenuCache()
    cache.put("ch_1", (3, "a"), a_menu(1200))
    cache.put("ch_1", (4, "b"), a_menu(1500))
    assert cache.get("ch_1", (3, "a")) is None
    assert cache.get("ch_1", (4, "b")).items[0].price == 1500


def test_each_reader_gets_its_own_copy():
    cache = MenuCache()
    kept = a_menu()
    cache.put("ch_1", (1, "a"), kept)
    kept.items[0].price = 1  # the menu the writer still holds

    mine = cache.get("ch_1", (1, "a"))
    mine.items[0].price = 2
    mine.items[0].tags.append("changed")
    mine.categories.clear()

    assert cache.get("ch_1", (1, "a")) == a_menu()


def test_it_keeps_only_the_most_recently_used_chains():
    cache = MenuCache(max_chains=2)
    cache.put("ch_1", 1, a_menu())
    cache.put("ch_2", 1, a_menu())
    assert cache.get("ch_1", 1) is not None  # ch_1 used last: ch_2 goes first
    cache.put("ch_3", 1, a_menu())
    assert (cache.get("ch_1", 1) is not None, cache.get("ch_2", 1), cache.get("ch_3", 1) is not None) == (
        True, None, True)


def test_a_menu_kept_too_long_is_read_again_even_under_the_same_version():
    clock = Ticking()
    cache = MenuCache(max_age_s=300, clock=clock)
    cache.put("ch_1", 1, a_menu())
    clock.now = 300
    assert cache.get("ch_1", 1) is not None
    clock.now = 300.5
    assert cache.get("ch_1", 1) is None
