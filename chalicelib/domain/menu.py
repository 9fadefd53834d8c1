"""A chain's catalogue of categories and items, and what one branch offers of it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .errors import ItemUnavailable, UnknownMenuItem
from .modifiers import OptionGroup, choose_options, options_total
from .orders import LineRequest, OrderLine


THUMBNAIL_WIDTH = 480  # px: the menu grid's cards at 2x on a phone


def thumb_key(image_key: str) -> str:
    """Where an item photo's grid thumbnail lives: `menu/x.jpg` -> `menu/x.thumb.jpg`."""
    stem, dot, extension = image_key.rpartition(".")
    return f"{stem}.thumb.{extension}" if dot else image_key


@dataclass
class Category:
    id: str
    chain_id: str
    name: str
    position: int = 0


@dataclass
class MenuItem:
    id: str
    chain_id: str
    category_id: str
    name: str
    description: str
    price: int
    image_key: str = ""
    tags: list[str] = field(default_factory=list)
    allergens: list[str] = field(default_factory=list)
    position: int = 0
    available: bool = True
    option_groups: list[OptionGroup] = field(default_factory=list)
    age_restricted: bool = False  # alcohol: staff check the diner's ID when serving


@dataclass
class BranchItemSetting:
    """A branch's own availability and price for a chain item; None means the chain's."""

    branch_id: str
    item_id: str
    available: bool | None = None
    price: int | None = None


@dataclass
class OfferedItem:
    id: str
    category_id: str
    name: str
    description: str
    price: int
    image_key: str
    tags: list[str]
    allergens: list[str]
    available: bool
    position: int
    option_groups: list[OptionGroup] = field(default_factory=list)
    age_restricted: bool = False


@dataclass
class BranchMenu:
    branch_id: str
    currency: str
    categories: list[Category]
    items: list[OfferedItem]

    @classmethod
    def compose(
        cls,
        branch_id: str,
        currency: str,
        categories: list[Category],
        items: list[MenuItem],
        settings: list[BranchItemSetting],
    ) -> "BranchMenu":
        own = {s.item_id: s for s in settings if s.branch_id == branch_id}
        offered = []
        for item in items:
            setting = own.get(item.id)
            available = item.available
            price = item.price
            if setting is not None:
                if setting.available is not None:
                    available = available and setting.available
                if setting.price is not None:
                    price = setting.price
            offered.append(
                OfferedItem(
                    id=item.id, category_id=item.category_id, name=item.name,
                    description=item.description, price=price, image_key=item.image_key,
                    tags=list(item.tags), allergens=list(item.allergens),
                    available=available, position=item.position,
                    option_groups=item.option_groups, age_restricted=item.age_restricted,
                )
            )
        ordered_categories = sorted(categories, key=lambda c: (c.position, c.name))
        offered.sort(key=lambda i: (i.position, i.name))
        return cls(branch_id=branch_id, currency=currency, categories=ordered_categories, items=offered)

    def item(self, item_id: str) -> OfferedItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise UnknownMenuItem(f"There is no menu item {item_id!r} at this branch.", field="menuItemId")

    def price_lines(self, requests: list[LineRequest], new_line_id) -> list[OrderLine]:
        """Turns what the diner asked for into priced lines; prices never come from the client."""
        lines = []
        for index, request in enumerate(requests):
            try:
                item = self.item(request.menu_item_id)
            except UnknownMenuItem as exc:
                raise UnknownMenuItem(exc.message, field=f"items[{index}].menuItemId") from exc
            if not item.available:
                raise ItemUnavailable(f"{item.name} is not available right now.", field=f"items[{index}].menuItemId")
            chosen = choose_options(item.option_groups, list(request.options), f"items[{index}].options")
            lines.append(
                OrderLine(
                    id=new_line_id(), menu_item_id=item.id, name=item.name, quantity=request.quantity,
                    unit_price=item.price + options_total(chosen), notes=request.notes, category_id=item.category_id,
                    options=chosen, age_restricted=item.age_restricted,
                )
            )
        return lines

    def version_tag(self) -> str:
        """A strong validator for the menu's content (the HTTP ETag)."""
        payload = json.dumps(
            [self.branch_id, self.currency] + [asdict(c) for c in self.categories] + [asdict(i) for i in self.items],
            sort_keys=True,
        ).encode()
        return hashlib.sha256(payload).hexdigest()[:32]
