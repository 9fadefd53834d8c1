"""Request bodies: validated with pydantic, so every bad field is named. The same models
describe the bodies in /openapi.json."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..domain.modifiers import MAX_DELTA, MAX_GROUPS, MAX_OPTIONS, OptionChoice
from ..domain.orders import MAX_LINES, MAX_ORDER_PORTIONS, MAX_QUANTITY, LineRequest
from ..domain.text import clean_text, control_character_in

NAME_MAX = 80
NOTES_MAX = 200
ALLERGENS = (
    "gluten", "crustaceans", "eggs", "fish", "peanuts", "soy", "milk", "nuts", "celery", "mustard",
    "sesame", "sulphites", "lupin", "molluscs",
)



def free_text(*, multiline: bool, required: bool) -> AfterValidator:
    """The one check of text people type (domain/text.py): NFC, no control characters, no
    bidi overrides, invisible ends stripped; `required` text must show something."""

    def clean(value: str) -> str:
        return clean_text(value, multiline=multiline, required=required)

    clean.free_text = True  # type: ignore[attr-defined]  # tests/unit/test_free_text.py audits every str field
    return AfterValidator(clean)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
                 free_text(multiline=False, required=True)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+[1-9]\d{6,14}$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                         pattern=r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[A-Za-z]{2,}$")]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTES_MAX),
                  free_text(multiline=True, required=False)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500),
                        free_text(multiline=True, required=False)]
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64,
                                              pattern=r"^[A-Za-z0-9_.:-]+$")]
DeviceKey = Annotated[str, StringConstraints(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30),
                free_text(multiline=False, required=True)]
Money = Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
PrepMinutes = Annotated[int, Field(strict=True, ge=1, le=120, description="minutes the kitchen needs for one")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Minutes = Annotated[int, Field(strict=True, ge=1, le=120)]


OPAQUE_FIELDS = frozenset({"password", "currentPassword", "newPassword"})  # compared as sent (hashed), never cleaned


def _control_character_at(value: Any, path: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        found = control_character_in(value)
        return (path, found) if found else None
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in OPAQUE_FIELDS:
                hit = _control_character_at(inner, f"{path}.{key}" if path else str(key))
                if hit:
                    return hit
    if isinstance(value, list):
        for index, inner in enumerate(value):
            hit = _control_character_at(inner, f"{path}[{index}]")
            if hit:
                return hit
    return None


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: a faster cold start

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Every string of every body, whatever its field's type: no control character (a
        field without free_text, such as one added later, is covered too)."""
        hit = _control_character_at(data, "")
        if hit:
            raise ValueError(f"{hit[0] or 'body'}: must not contain control characters (found U+{ord(hit[1]):04X})")
        return data


def _check_birth_date(value: date | None) -> date | None:
    if value is not None and not (date(1900, 1, 1) <= value <= date.today()):
        raise ValueError("must be a real date of birth in the past")
    return value


class RegistrationBody(Body):
    mode: Literal["quick", "loyalty"]
    name: Name
    phone: Phone | None = Field(default=None, description="E.164, e.g. +51987654321")
    email: Email | None = None
    birthDate: date | None = None
    join: Identifier | None = Field(default=None, description="kept for old clients; grants nothing: "
                                       "a phone without its deviceKey asks to join")
    deviceKey: DeviceKey | None = Field(default=None, description="this phone's own key from an earlier sign-up "
                                           "at this table (the same phone rejoins at once)")
    startNew: bool | None = Field(default=None, description="open a new pending session that replaces the "
                                     "table's active one once staff approve it")
    marketingConsent: Annotated[bool, Field(strict=True, description=
                                            "loyalty sign-ups only (ignored for quick): the diner agrees to offers "
                                            "and news from the chain; a returning member's earlier yes stays, a "
                                            "yes now records it (with its time) if it was not given")] = False

    _birth = field_validator("birthDate")(_check_birth_date)

    @model_validator(mode="after")
    def _loyalty_needs_phone(self) -> RegistrationBody:
        if self.mode == "loyalty" and not self.phone:
            raise ValueError("phone: a loyalty account needs a phone number")
        return self


class OptionChoiceBody(Body):
    groupId: Identifier
    optionId: Identifier


class OrderLineBody(Body):
    menuItemId: Identifier
    quantity: Annotated[int, Field(strict=True, ge=1, le=MAX_QUANTITY)]
    notes: Notes = ""
    options: Annotated[list[OptionChoiceBody], Field(max_length=MAX_GROUPS * MAX_OPTIONS,
                                                     description="the chosen modifiers; the server prices them")] = []


class OrderBody(Body):
    items: Annotated[list[OrderLineBody], Field(min_length=1, max_length=MAX_LINES)]
    notes: Notes = ""

    def line_requests(self) -> list[LineRequest]:
        """What was asked for, as the domain's line requests (prices come from the menu)."""
        return [
            LineRequest(menu_item_id=i.menuItemId, quantity=i.quantity, notes=i.notes,
                        options=tuple(OptionChoice(group_id=c.groupId, option_id=c.optionId) for c in i.options))
            for i in self.items
        ]


Allergen = Literal[ALLERGENS]  # type: ignore[valid-type]


class ProfilePatchBody(Body):
    name: Name | None = None
    email: Email | None = None
    birthDate: date | None = None
    avoidAllergens: Annotated[list[Allergen], Field(max_length=len(ALLERGENS), description="allergens the menu marks for this diner")] | None = None
    marketingConsent: Annotated[bool, Field(strict=True, description=(
        "a loyalty member agrees to offers and news (true) or stops them (false: the consent and its "
        "time are cleared); refused for a guest, who has no account to write to"))] | None = None

    _birth = field_validator("birthDate")(_check_birth_date)


class PhoneCodeRequestBody(Body):
    phone: Phone | None = Field(default=None, description="E.164; left out: the phone of the last code")


class PhoneCodeBody(Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")] = Field(
        description="the six digits sent by SMS")


class LoginBody(Body):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254,
                                            pattern=r"^[^\x00-\x1f\x7f-\x9f]+$")]  # any other typo: 401
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    deviceToken: Annotated[str, StringConstraints(max_length=1000, pattern=r"^[A-Za-z0-9_.-]*$")] | None = Field(
        default=None, description="the `deviceToken` of this device's last sign-in: other clients' failed "
                                  "guesses never throttle it")


class RejectBody(Body):
    reason: Notes | None = None


StationId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32,
                                             pattern=r"^[a-z0-9][a-z0-9-]*$")]
# An item's station, or "" to clear its own (it follows its category's again).
StationOverride = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32, pattern=r"^([a-z0-9][a-z0-9-]*)?$")]


class OrderStatusBody(Body):
    status: Literal["accepted", "preparing", "ready", "served", "cancelled"]
    station: StationId | None = Field(default=None, description="with `ready`: only this station's items "
                                      "(a station screen's \"All ready\")")


class LineStatusBody(Body):
    status: Literal["pending", "preparing", "ready", "served", "cancelled"]


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]


class NameText(Body):
    name: Name | None = None


class ItemTexts(Body):
    name: Name | None = None
    description: Description | None = None


_TRANSLATIONS = Field(max_length=10, description="texts per language, e.g. {\"es\": {\"name\": ...}}: each one of the "
                                                  "chain's languages; a text left out falls back to the default language's")
NameTranslations = Annotated[dict[LanguageCode, NameText], _TRANSLATIONS]
ItemTranslations = Annotated[dict[LanguageCode, ItemTexts], _TRANSLATIONS]


class CategoryBody(Body):
    name: Name
    translations: NameTranslations | None = None
    position: Annotated[int, Field(strict=True, ge=0, le=1000)] = 0
    station: StationId | None = Field(default=None, description="the station its dishes go to (default: the first)")


class CategoryPatchBody(Body):
    name: Name | None = None
    translations: NameTranslations | None = None
    position: Annotated[int, Field(strict=True, ge=0, le=1000)] | None = None
    station: StationId | None = None


class StationBody(Body):
    id: StationId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                    free_text(multiline=False, required=True)]


class StationsBody(Body):
    stations: Annotated[list[StationBody], Field(min_length=1, max_length=12)]


class OptionBody(Body):
    id: Identifier
    name: Name
    translations: NameTranslations | None = None
    priceDelta: Annotated[int, Field(strict=True, ge=0, le=MAX_DELTA)] = 0


class OptionGroupBody(Body):
    id: Identifier
    name: Name
    translations: NameTranslations | None = None
    required: bool | None = Field(default=None, description="true means minChoices >= 1 (1 when not given)")
    minChoices: Annotated[int, Field(strict=True, ge=0, le=MAX_OPTIONS)] | None = None
    maxChoices: Annotated[int, Field(strict=True, ge=1, le=MAX_OPTIONS)] = 1
    options: Annotated[list[OptionBody], Field(min_length=1, max_length=MAX_OPTIONS)]


OptionGroups = Annotated[list[OptionGroupBody], Field(max_length=MAX_GROUPS)]


class ItemBody(Body):
    categoryId: Identifier
    name: Name
    description: Description = ""
    price: Money
    translations: ItemTranslations | None = None
    imageKey: Annotated[str, StringConstraints(max_length=300, pattern=r"^[A-Za-z0-9_./-]+$")] | None = None
    tags: Annotated[list[Tag], Field(max_length=10)] = []
    allergens: Annotated[list[Literal[ALLERGENS]], Field(max_length=14)] = []  # type: ignore[valid-type]
    position: Annotated[int, Field(strict=True, ge=0, le=1000)] = 0
    available: bool = True
    optionGroups: OptionGroups = []
    ageRestricted: bool = False
    prepMinutes: PrepMinutes | None = None
    station: StationOverride | None = Field(default=None, description="its own station (default: its category's)")


class ItemPatchBody(Body):
    categoryId: Identifier | None = None
    name: Name | None = None
    description: Description | None = None
    price: Money | None = None
    translations: ItemTranslations | None = None
    imageKey: Annotated[str, StringConstraints(max_length=300, pattern=r"^[A-Za-z0-9_./-]+$")] | None = None
    tags: Annotated[list[Tag], Field(max_length=10)] | None = None
    allergens: Annotated[list[Literal[ALLERGENS]], Field(max_length=14)] | None = None  # type: ignore[valid-type]
    position: Annotated[int, Field(strict=True, ge=0, le=1000)] | None = None
    available: bool | None = None
    optionGroups: OptionGroups | None = None
    ageRestricted: bool | None = None
    prepMinutes: PrepMinutes | None = None
    station: StationOverride | None = Field(default=None, description="its own station; \"\" follows its category again")


class AvailabilityBody(Body):
    available: bool
    price: Money | None = Field(default=None, description="the branch's own price (managers and owners)")


class ImageUploadBody(Body):
    contentType: Literal["image/jpeg", "image/png", "image/webp"]


class ServiceWindowBody(Body):
    start: ClockTime = Field(description="local time of the branch, HH:MM")
    end: ClockTime = Field(description="HH:MM; at or before start: the window crosses midnight")
    days: Annotated[list[Annotated[int, Field(strict=True, ge=1, le=7)]], Field(max_length=7)] = Field(
        default=[], description="ISO weekdays (1 Monday .. 7 Sunday) the window starts on; empty: every day")


class ScheduleBody(Body):
    windows: Annotated[list[ServiceWindowBody], Field(max_length=14)] = Field(
        description="when the branch serves it; an empty list: always")


class PauseBody(Body):
    minutes: Literal[0, 5, 10, 15] = Field(description="how long the kitchen pauses the category; 0 resumes it")


class BranchSettingsPatchBody(Body):
    defaultPrepMinutes: Minutes | None = None
    kitchenParallelism: Annotated[int, Field(strict=True, ge=1, le=50)] | None = None
    waiterCallUrgentMinutes: Annotated[int, Field(strict=True, ge=1, le=60)] | None = None
    billRequestUrgentMinutes: Annotated[int, Field(strict=True, ge=1, le=60)] | None = None
    readyLineUrgentMinutes: Annotated[int, Field(strict=True, ge=1, le=60)] | None = None


class StaffOrderBody(OrderBody):
    participantId: Identifier | None = Field(
        default=None, description="the participant the order is for (their share of the bill); none: the table's")


TableCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32,
                                             pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]


class MoveSessionBody(Body):
    tableCode: TableCode = Field(description="the free table of the same branch the guests move to")
    fromTableCode: TableCode | None = Field(
        default=None, description="the table the caller saw the session at: when it has moved since, 409")


class VoidBody(Body):
    reason: Literal["customer_changed_mind", "wrong_item_entered", "out_of_stock", "quality_complaint", "other"] = Field(
        description="why the order or line comes off the bill (a fixed list, for reports)")
    note: Notes | None = Field(default=None, description="required when the reason is `other` (at most 200 characters)")


VoidReasonName = Literal["customer_changed_mind", "wrong_item_entered", "out_of_stock", "quality_complaint", "other"]
Tip = Annotated[int, Field(strict=True, ge=0, le=10000000)]


class TenderBody(Body):
    method: Literal["cash", "card", "other"]
    amount: Annotated[int, Field(strict=True, ge=1, le=10000000)] = Field(description="minor units")


class CloseBody(Body):
    openItems: Literal["void", "serve"] | None = Field(
        default=None, description="dishes still open: void them (voidReason) or keep them on the bill as served "
                                  "(left out: served, as a close without a body always did)")
    voidReason: VoidReasonName | None = Field(default=None, description="with openItems `void`")
    voidNote: Notes | None = Field(default=None, description="required when voidReason is `other`")
    payments: Annotated[list[TenderBody], Field(max_length=8)] | None = Field(
        default=None, description="how the table paid, split across methods; they add up to the bill plus the tip "
                                  "(400 naming `payments` otherwise); left out: not recorded")
    tip: Tip = 0


class RejectOrderBody(Body):
    reason: Notes | None = Field(default=None, description="shown to the diners")


class OrderSafetyBody(Body):
    spendingCap: Annotated[int, Field(strict=True, ge=1, le=10000000)] | None = Field(
        description="most a table session may order in total, minor units; null: no cap")
    approvalThreshold: Annotated[int, Field(strict=True, ge=0, le=10000000)] | None = Field(
        description="orders above it wait for staff to accept them, minor units; null: none wait")
    approvalPortions: Annotated[int, Field(strict=True, ge=1, le=MAX_ORDER_PORTIONS)] | None = Field(
        default=None, description="orders of more portions than this wait for staff to accept them; null: "
                                  "none wait for their size; left out: unchanged")

    def changes(self) -> dict[str, int | None]:
        """The order-safety fields to set (approvalPortions only when it was sent)."""
        changes = {"spending_cap": self.spendingCap, "approval_threshold": self.approvalThreshold}
        if "approvalPortions" in self.model_fields_set:
            changes["approval_portions"] = self.approvalPortions
        return changes


# -- sections of the floor (issue 16) -------------------------------------------------------
SectionName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                        free_text(multiline=False, required=True)]


class SectionBody(Body):
    name: SectionName = Field(description="what the floor calls it: Salon, Terrace (unique in the branch)")
    staffId: Identifier | None = Field(default=None, description="the waiter (or manager) of this branch serving it")


class SectionPatchBody(Body):
    name: SectionName | None = Field(default=None, description="a new name; left out: unchanged")
    staffId: Identifier | None = Field(default=None, description="another waiter; null: nobody; left out: unchanged")

    @model_validator(mode="after")
    def _something(self) -> SectionPatchBody:
        if not self.model_fields_set & {"name", "staffId"}:
            raise ValueError("name or staffId: say what changes")
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("name: a section keeps a name")
        return self


class TableSectionBody(Body):
    sectionId: Identifier | None = Field(description="the section the table is in from now on; null: none")


# -- the back office of branches and tables (issue 18) ------------------------------------------
BranchName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                       free_text(multiline=False, required=True)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
                    free_text(multiline=False, required=False)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
TimeZoneName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64,
                                                pattern=r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$")]
Currency = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{3}$")]
Language = Literal["es", "en"]
NewTableCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
TableLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                       free_text(multiline=False, required=True)]
TableRange = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=60),
                       free_text(multiline=False, required=True)]
Seats = Annotated[int, Field(strict=True, ge=1, le=40)]


class BranchBody(Body):
    name: BranchName = Field(description="what diners and staff see: Miraflores")
    slug: Slug = Field(description="the QR codes' address, /{slug}/{table}: lowercase letters, digits, dashes; "
                                   "fixed once created")
    timezone: TimeZoneName = Field(description="an IANA time zone: America/Lima")
    currency: Currency = Field(description="ISO 4217: PEN")
    languages: list[Language] = Field(min_length=1, max_length=2, description="the pages' languages, the first the default")
    address: Address = Field(default="", description="the street address, for the diner's page")


class BranchPatchBody(Body):
    name: BranchName | None = Field(default=None, description="a new name; left out: unchanged")
    timezone: TimeZoneName | None = Field(default=None, description="an IANA time zone")
    currency: Currency | None = Field(default=None, description="ISO 4217")
    languages: list[Language] | None = Field(default=None, min_length=1, max_length=2)
    address: Address | None = Field(default=None)
    archived: bool | None = Field(default=None, description="true: close the branch (its QR codes seat nobody, its "
                                                             "history stays); false: open it again")

    @model_validator(mode="after")
    def _something(self) -> BranchPatchBody:
        if not self.model_fields_set:
            raise ValueError("name, timezone, currency, languages, address or archived: say what changes")
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name}: cannot be null")
        return self


class TablesBody(Body):
    code: NewTableCode | None = Field(default=None, description="one table: its code, as in its QR address (T12)")
    label: TableLabel | None = Field(default=None, description="what staff and diners call it; left out: the code")
    range: TableRange | None = Field(default=None, description="many tables at once: T41-T46 or Terrace 1-6 (codes "
                                                               "Terrace1..Terrace6, labels 'Terrace 1'..)")
    seats: Seats | None = Field(default=None)

    @model_validator(mode="after")
    def _one_way(self) -> TablesBody:
        if (self.code is None) == (self.range is None):
            raise ValueError("code: one table's code, or a range such as T41-T46 (not both)")
        if self.range is not None and self.label is not None:
            raise ValueError("label: a range labels its tables itself")
        return self


class TablePatchBody(Body):
    label: TableLabel | None = Field(default=None, description="a new label; left out: unchanged")
    seats: Seats | None = Field(default=None, description="seats; null: not said")

    @model_validator(mode="after")
    def _something(self) -> TablePatchBody:
        if not self.model_fields_set & {"label", "seats"}:
            raise ValueError("label or seats: say what changes")
        if "label" in self.model_fields_set and self.label is None:
            raise ValueError("label: a table keeps a label")
        return self


# -- staff accounts (issue 18) -------------------------------------------------------------
StaffRoleName = Literal["owner", "manager", "waiter", "kitchen"]
Password = Annotated[str, StringConstraints(min_length=1, max_length=200)]  # the rules: services/staff_accounts.py
LinkToken = Annotated[str, StringConstraints(min_length=20, max_length=200, pattern=r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")]


class InviteBody(Body):
    email: Email
    name: Name
    role: StaffRoleName
    branchIds: Annotated[list[Identifier], Field(max_length=50)] = Field(
        default_factory=list, description="the branches the account works at (an owner: all of them, none given)")


class StaffPatchBody(Body):
    name: Name | None = None
    role: StaffRoleName | None = None
    branchIds: Annotated[list[Identifier], Field(max_length=50)] | None = None
    active: bool | None = Field(default=None, description="false: deactivated (its sign-ins end at once)")


class SetPasswordBody(Body):
    token: LinkToken = Field(description="the link's token (after `#` in /staff/welcome#...)")
    password: Password


class LinkBody(Body):
    token: LinkToken


class ChangePasswordBody(Body):
    currentPassword: Password
    newPassword: Password


# -- reports (issue 19, docs/reports.md) ----------------------------------------------------------
ReportDay = Annotated[str, StringConstraints(min_length=10, max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")]


class ReportRunBody(Body):
    model_config = ConfigDict(extra="forbid", defer_build=True, populate_by_name=False)
    report: Annotated[str, StringConstraints(min_length=1, max_length=30, pattern=r"^[a-z_]+$")] = Field(
        description="sales, product_mix, heatmap, kitchen, floor, loyalty, or members (owners)")
    day_from: ReportDay = Field(alias="from", description="the first business day, YYYY-MM-DD")
    day_to: ReportDay = Field(alias="to", description="the last business day (inclusive; at most 366 days)")
    branchId: Identifier | None = Field(default=None, description="one branch; left out: the chain (owners) "
                                                                  "or all of a manager's branches")
