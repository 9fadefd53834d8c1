"""Loads a chain (branches, tables, menu, staff) from a JSON file, idempotently.

    python -m chalicelib.seed [--file demo/chain.json] [--photos demo/photos] [--create-tables]

Seeded objects get ids derived from the file's keys, so a second run finds them and changes
nothing (edits made since are kept). The file's `history` (the demo's closed table and how it
paid) is played through the services by `seed_history`, once per table. Staff passwords: `demo1234` on the local stage only;
on any other stage a random password is generated and printed once.
"""
from __future__ import annotations

import argparse
import json
import mimetypes
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .auth import StaffPrincipal, hash_password
from .bootstrap import repositories
from .config import settings
from .domain.clock import now_iso
from .domain.errors import AlreadyExists
from .domain.menu import BranchItemSetting, BranchSchedule, Category, MenuItem
from .domain.modifiers import Option, OptionGroup, check_option_groups, option_group
from .domain.orders import LineRequest
from .domain.payments import OpenItems
from .domain.schedules import ServiceWindow
from .domain.sections import Section, section_name
from .domain.sessions import SessionStatus
from .domain.staff import Role, StaffMember
from .domain.stations import Station, check_station_list
from .domain.venues import Branch, Chain, DiningTable
from .ports import Repositories
from .services.assisted import place_order_for_table
from .services.floor import Closing, close_session
from .services.seating import open_table_session

DEMO_PASSWORD = "demo1234"
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "demo" / "chain.json"


@dataclass
class SeedReport:
    chain_id: str = ""
    branches: dict[str, str] = field(default_factory=dict)  # slug -> id
    created: int = 0
    passwords: dict[str, str] = field(default_factory=dict)  # email -> password (new accounts)


def _created(report: SeedReport, action) -> None:
    try:
        action()
        report.created += 1
    except AlreadyExists:
        pass


def seed_chain(data: dict, repos: Repositories | None = None) -> SeedReport:
    repos = repos or repositories()
    report = SeedReport()
    spec = data["chain"]
    chain = Chain(id=f"ch_{spec['key']}", name=spec["name"], currency=spec["currency"],
                  languages=list(spec["languages"]), timezone=spec.get("timezone", "UTC"))
    report.chain_id = chain.id
    if repos.venues.get_chain(chain.id) is None:
        repos.venues.save_chain(chain)
        report.created += 1

    for entry in data["branches"]:
        branch = Branch(id=f"br_{entry['slug']}", chain_id=chain.id, slug=entry["slug"], name=entry["name"],
                        currency=chain.currency, languages=chain.languages, timezone=chain.timezone,
                        address=entry.get("address", ""))
        report.branches[branch.slug] = branch.id
        _created(report, lambda b=branch: repos.venues.add_branch(b))
        tables = entry["tables"]
        for number in range(1, int(tables["count"]) + 1):
            code = f"{tables['prefix']}{number}"
            table = DiningTable(branch_id=branch.id, code=code, label=f"Table {number}")
            _created(report, lambda t=table: repos.venues.add_table(t))

    now = now_iso()
    stations = [Station(entry["key"], entry["name"]) for entry in data.get("stations", [])]
    if stations and not repos.menu.whole_menu(chain.id).stations:  # seeded before: keep staff's edits
        repos.menu.save_stations(chain.id, check_station_list(stations), now)
        report.created += 1
    for position, entry in enumerate(data["categories"]):
        category = Category(id=f"cat_{entry['key']}", chain_id=chain.id, name=entry["name"], position=position,
                            station_id=entry.get("station"), translations=dict(entry.get("translations", {})))
        try:
            repos.menu.save_category(category, now, new=True)
            report.created += 1
            windows = [ServiceWindow.parse(w["start"], w["end"], w.get("days"), "windows")
                       for w in entry.get("windows", [])]
            for branch_id in report.branches.values() if windows else ():
                repos.menu.save_schedule(chain.id, BranchSchedule(branch_id, "category", category.id, windows), now)
        except AlreadyExists:
            pass  # seeded before: keep the windows staff set since
        for item_position, item_spec in enumerate(entry["items"]):
            item = MenuItem(
                id=item_spec["key"], chain_id=chain.id, category_id=category.id, name=item_spec["name"],
                description=item_spec.get("description", ""), price=int(item_spec["price"]),
                image_key=f"menu/{item_spec['photo']}" if item_spec.get("photo") else "",
                tags=list(item_spec.get("tags", [])), allergens=list(item_spec.get("allergens", [])),
                position=item_position, option_groups=_option_groups(item_spec.get("optionGroups", [])),
                age_restricted=bool(item_spec.get("ageRestricted", False)), prep_minutes=item_spec.get("prepMinutes"),
                station_id=item_spec.get("station"), translations=dict(item_spec.get("translations", {})),
            )
            try:
                repos.menu.save_item(item, now, new=True)
            except AlreadyExists:
                continue  # seeded before: keep whatever staff changed since
            report.created += 1
            for slug in item_spec.get("unavailableAt", []):
                repos.menu.save_branch_setting(chain.id, BranchItemSetting(report.branches[slug], item.id, available=False), now)
            for slug, price in item_spec.get("branchPrices", {}).items():
                repos.menu.save_branch_setting(chain.id, BranchItemSetting(report.branches[slug], item.id, price=int(price)), now)

    for entry in data["staff"]:
        role = Role(entry["role"])
        branch_ids = [] if role is Role.OWNER else [report.branches[slug] for slug in entry["branches"]]
        password = DEMO_PASSWORD if settings.is_local else secrets.token_urlsafe(12)
        member = StaffMember(id="st_" + entry["email"].replace("@", "_at_").replace(".", "_"),
                             chain_id=chain.id, email=entry["email"], name=entry["name"], role=role,
                             branch_ids=branch_ids, password_hash=hash_password(password))
        try:
            repos.staff.add(member)
            report.created += 1
            report.passwords[member.email] = password
        except AlreadyExists:
            pass

    for entry in data["branches"]:
        _seed_sections(repos, report, report.branches[entry["slug"]], entry.get("sections", []))
    return report


def seed_history(data: dict, repos: Repositories | None = None) -> list[str]:
    """The file's past sessions, played as staff would: seat the table, order, close it with its
    payment (tenders and tip; one tender without an amount takes the rest of the bill). A table
    that already has a completed session is left alone, so a second run adds nothing. Returns
    the ids of the sessions it closed. Apart from `seed_chain`: the API's tests start from a
    chain with no history."""
    repos = repos or repositories()
    closed: list[str] = []
    for entry in data.get("history", []):
        branch = repos.venues.branch_by_slug(entry["branch"])
        if branch is None:
            raise ValueError(f"history: no branch {entry['branch']!r}")
        table = repos.venues.get_table(branch.id, entry["table"])
        if table is None:
            raise ValueError(f"history: no table {entry['table']!r} at {entry['branch']}")
        if table.active_session_id or table.pending_session_id or any(
                s.table_code == table.code for s in repos.sessions.of_branch(branch.id, SessionStatus.COMPLETED)):
            continue  # played before, or the table is in use: nothing to add
        member = repos.staff.by_email(entry["by"])
        if member is None:
            raise ValueError(f"history: no staff member {entry['by']!r}")
        branch_ids = member.branch_ids or [b.id for b in repos.venues.branches_of_chain(member.chain_id)]
        staff = StaffPrincipal(staff_id=member.id, role=member.role, branch_ids=tuple(branch_ids))
        session = open_table_session(repos, staff, branch.id, entry["table"])
        order = place_order_for_table(repos, staff, session.id, [
            LineRequest(menu_item_id=line["item"], quantity=int(line["quantity"])) for line in entry["items"]])
        tip = int(entry.get("tip", 0))
        named = sum(int(p["amount"]) for p in entry["payments"] if "amount" in p)
        tenders = [(p["method"], int(p["amount"]) if "amount" in p else order.subtotal + tip - named)
                   for p in entry["payments"]]
        close_session(repos, staff, session.id, Closing(open_items=OpenItems.SERVE, tenders=tenders, tip=tip))
        closed.append(session.id)
    return closed


def _seed_sections(repos: Repositories, report: SeedReport, branch_id: str, specs: list[dict]) -> None:
    """The floor's sections, each with its waiter and tables; one seeded before keeps what staff changed since."""
    for spec in specs:
        waiter = repos.staff.by_email(spec["waiter"]) if spec.get("waiter") else None
        section = Section(id=f"sec_{spec['key']}", branch_id=branch_id, name=section_name(spec["name"]),
                          staff_id=waiter.id if waiter else None, staff_name=waiter.name if waiter else None)
        try:
            repos.sections.add_section(section)
        except AlreadyExists:
            continue
        report.created += 1
        for code in spec.get("tables", []):
            repos.sections.assign_table(branch_id, code, section.id)


def _option_groups(specs: list[dict]) -> list[OptionGroup]:
    """The file's groups, in the API's shape (`required`, `minChoices`, `maxChoices`, options)."""
    groups = [
        option_group(g["id"], g["name"],
                     [Option(id=o["id"], name=o["name"], price_delta=int(o.get("priceDelta", 0)),
                             translations=dict(o.get("translations", {}))) for o in g["options"]],
                     required=g.get("required"), min_choices=g.get("minChoices"), max_choices=int(g.get("maxChoices", 1)),
                     translations=g.get("translations"))
        for g in specs
    ]
    check_option_groups(groups)
    return groups


def upload_photos(photos: Path, bucket: str, s3=None) -> int:
    """Puts the menu photos in the site bucket under media/menu/ (served by CloudFront)."""
    import boto3

    s3 = s3 or boto3.client("s3", region_name=settings.region)
    count = 0
    for path in sorted(photos.glob("*.jpg")):
        s3.put_object(
            Bucket=bucket, Key=f"media/menu/{path.name}", Body=path.read_bytes(),
            ContentType=mimetypes.guess_type(path.name)[0] or "image/jpeg",
            CacheControl="public, max-age=31536000, immutable",
        )
        count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--photos", type=Path, default=None, help="folder of photos to upload to the site bucket")
    parser.add_argument("--create-tables", action="store_true", help="create missing DynamoDB tables first")
    args = parser.parse_args(argv)
    if args.create_tables:
        from .store.schema import create_tables

        create_tables()
    data = json.loads(args.file.read_text(encoding="utf-8"))
    report = seed_chain(data)
    print(f"chain {report.chain_id}: {report.created} objects created; branches {report.branches}")
    print(f"history: {len(seed_history(data))} closed sessions added")
    for email, password in report.passwords.items():
        print(f"  staff {email} password: {password}")
    if args.photos:
        print(f"uploaded {upload_photos(args.photos, settings.bucket)} photos to s3://{settings.bucket}/media/menu/")


if __name__ == "__main__":
    main()
