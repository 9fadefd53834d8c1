"""The back office of branches and tables at the service level (issue 18), on the in-memory
repositories: an owner opens and archives branches, a manager sets up their branch's tables and no
other's, a busy table stays, a removed table leaves its section, and each change is audited."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import AlreadyExists, InvalidInput, NotFound, RoleNotAllowed, TableBusy
from chalicelib.services import audit, branch_admin, sections
from tests.services.world import DOWNTOWN, MANAGER, MIRAFLORES, OWNER, WAITER, seated

NEW = branch_admin.BranchDraft(name="Barranco", slug="barranco", timezone="America/Lima", currency="PEN",
                               languages=["es"])


def test_an_owner_opens_a_branch_and_adds_its_tables_before_signing_in_again(repos):
    branch = branch_admin.create_branch(repos, OWNER, NEW)

    added = branch_admin.add_tables(repos, OWNER, branch.id, run="Terraza 1-4")

    assert branch.id not in OWNER.branch_ids  # the token's list predates it; the chain decides
    assert [t.code for t in added] == ["Terraza1", "Terraza2", "Terraza3", "Terraza4"]
    trail = audit.trail(repos, OWNER, branch.id, audit.TrailFilter())
    assert [e.action for e in trail] == ["table.added"] * 4 + ["branch.created"]
    assert trail[-1].actor_name == "Olivia Owner"


def test_a_manager_may_not_open_rename_or_archive_a_branch(repos):
    with pytest.raises(RoleNotAllowed):
        branch_admin.create_branch(repos, MANAGER, NEW)
    with pytest.raises(RoleNotAllowed):
        branch_admin.update_branch(repos, MANAGER, DOWNTOWN, {"archived": True})


def test_a_manager_sets_up_only_their_branch_s_tables(repos):
    with pytest.raises(NotFound):
        branch_admin.add_tables(repos, MANAGER, MIRAFLORES, code="T99")
    with pytest.raises(NotFound):
        branch_admin.remove_table(repos, MANAGER, MIRAFLORES, "T1")
    with pytest.raises(RoleNotAllowed):
        branch_admin.tables_of(repos, WAITER, MIRAFLORES)
    assert [t.code for t in branch_admin.add_tables(repos, MANAGER, DOWNTOWN, code="T99", label="Window")] == ["T99"]


def test_a_run_that_meets_a_table_adds_nothing(repos):
    with pytest.raises(AlreadyExists) as clash:
        branch_admin.add_tables(repos, MANAGER, DOWNTOWN, run="T39-T42")

    assert clash.value.details == {"codes": ["T39", "T40"]}
    assert repos.venues.get_table(DOWNTOWN, "T41") is None


def test_a_busy_table_stays_and_a_removed_one_leaves_its_section(repos, tokens):
    seated(repos, tokens, code="T12")

    with pytest.raises(TableBusy):
        branch_admin.remove_table(repos, MANAGER, DOWNTOWN, "T12")
    branch_admin.remove_table(repos, MANAGER, DOWNTOWN, "T5")

    assert repos.venues.get_table(DOWNTOWN, "T12") is not None
    assert "T5" not in sections.sections_of_branch(repos, MANAGER, DOWNTOWN).tables_of("sec_salon")


def test_a_renamed_table_is_audited_with_only_what_changed(repos):
    branch_admin.update_table(repos, MANAGER, DOWNTOWN, "T3", {"label": "Patio 3", "seats": None})

    [entry] = audit.trail(repos, OWNER, DOWNTOWN, audit.TrailFilter(action="table"))
    assert (entry.before, entry.after) == ({"label": "Table 3"}, {"label": "Patio 3"})


def test_the_slug_does_not_change_and_bad_fields_are_named(repos):
    with pytest.raises(InvalidInput) as slug:
        branch_admin.update_branch(repos, OWNER, DOWNTOWN, {"slug": "elsewhere"})
    with pytest.raises(InvalidInput) as zone:
        branch_admin.update_branch(repos, OWNER, DOWNTOWN, {"timezone": "Lima"})
    assert (slug.value.field, zone.value.field) == ("slug", "timezone")
