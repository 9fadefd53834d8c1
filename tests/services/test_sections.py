"""Sections of the floor at the service level: a manager names sections, gives each a waiter of the
branch and puts tables in them; a waiter reads them but changes nothing; a table in no section is
everyone's; the waiters to choose from are the branch's own."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import InvalidInput, NotFound, RoleNotAllowed
from chalicelib.domain.staff import Role, StaffMember
from chalicelib.services import floor, sections
from tests.services.world import ANA, DOWNTOWN, KITCHEN, LUIS, MANAGER, MIRAFLORES, OWNER, WAITER

SALON, TERRACE = "sec_salon", "sec_terrace"


def section_at(repos, code: str):
    state = next(s for s in floor.tables_overview(repos, MANAGER, DOWNTOWN) if s.table.code == code)
    return state.section


def test_the_demo_floor_has_two_sections_each_with_its_waiter(repos):
    found = sections.sections_of_branch(repos, ANA, DOWNTOWN)

    assert [(s.name, s.staff_id, s.staff_name) for s in found.sections] == [
        ("Salón", ANA.staff_id, "Ana Salas"), ("Terraza", LUIS.staff_id, "Luis Torres")]
    assert found.tables_of(SALON) == sorted(f"T{n}" for n in range(1, 21))
    assert section_at(repos, "T5").id == SALON and section_at(repos, "T33").id == TERRACE


def test_a_manager_moves_a_table_to_another_section_and_the_tables_page_says_so(repos):
    moved = sections.assign_table(repos, MANAGER, DOWNTOWN, "T5", TERRACE)

    assert moved is not None and moved.staff_id == LUIS.staff_id
    assert section_at(repos, "T5").id == TERRACE
    now = sections.sections_of_branch(repos, MANAGER, DOWNTOWN)
    assert "T5" in now.tables_of(TERRACE) and "T5" not in now.tables_of(SALON)


def test_a_table_taken_out_of_every_section_is_everyone_s(repos):
    assert sections.assign_table(repos, OWNER, DOWNTOWN, "T5", None) is None

    assert section_at(repos, "T5") is None


def test_a_waiter_cannot_assign_tables_or_change_sections(repos):
    with pytest.raises(RoleNotAllowed):
        sections.assign_table(repos, ANA, DOWNTOWN, "T25", SALON)
    with pytest.raises(RoleNotAllowed):
        sections.update_section(repos, ANA, DOWNTOWN, TERRACE, staff_id=ANA.staff_id)
    with pytest.raises(RoleNotAllowed):
        sections.create_section(repos, ANA, DOWNTOWN, "Bar", None)
    with pytest.raises(RoleNotAllowed):
        sections.delete_section(repos, ANA, DOWNTOWN, TERRACE)
    assert section_at(repos, "T25").id == TERRACE


def test_the_kitchen_does_not_read_the_floor_s_sections(repos):
    with pytest.raises(RoleNotAllowed):
        sections.sections_of_branch(repos, KITCHEN, DOWNTOWN)


def test_another_branch_s_manager_finds_nothing(repos):
    miraflores_manager = MANAGER.__class__("st_x", Role.MANAGER, (MIRAFLORES,))
    with pytest.raises(NotFound):
        sections.assign_table(repos, miraflores_manager, DOWNTOWN, "T5", TERRACE)
    with pytest.raises(NotFound):
        sections.sections_of_branch(repos, miraflores_manager, DOWNTOWN)


def test_unknown_tables_and_sections_are_not_found_naming_what(repos):
    with pytest.raises(NotFound):
        sections.assign_table(repos, MANAGER, DOWNTOWN, "T99", SALON)
    with pytest.raises(NotFound) as unknown:
        sections.assign_table(repos, MANAGER, DOWNTOWN, "T5", "sec_nowhere")
    assert unknown.value.field == "sectionId"
    with pytest.raises(NotFound):
        sections.update_section(repos, MANAGER, DOWNTOWN, "sec_nowhere", name="Patio")
    assert section_at(repos, "T5").id == SALON


def test_a_waiter_of_another_branch_cannot_be_given_a_section(repos):
    # Diego waits at miraflores, not downtown
    with pytest.raises(NotFound) as refused:
        sections.update_section(repos, MANAGER, DOWNTOWN, TERRACE, staff_id=WAITER.staff_id)

    assert refused.value.field == "staffId"
    assert sections.sections_of_branch(repos, MANAGER, DOWNTOWN).section(TERRACE).staff_id == LUIS.staff_id


def test_the_kitchen_an_owner_or_a_departed_waiter_cannot_serve_a_section(repos):
    with pytest.raises(InvalidInput) as cook:
        sections.create_section(repos, MANAGER, DOWNTOWN, "Bar", KITCHEN.staff_id)
    assert cook.value.field == "staffId"
    with pytest.raises(NotFound):  # an owner's account lists no branch: not on this floor
        sections.create_section(repos, MANAGER, DOWNTOWN, "Bar", OWNER.staff_id)
    gone = repos.staff.get(LUIS.staff_id)
    gone.active = False
    repos.staff.update(gone)
    with pytest.raises(NotFound):
        sections.create_section(repos, MANAGER, DOWNTOWN, "Bar", LUIS.staff_id)


def test_a_manager_may_serve_a_section_on_a_short_night(repos):
    section, now = sections.create_section(repos, MANAGER, DOWNTOWN, "  Barra   alta ", MANAGER.staff_id)

    assert (section.name, section.staff_name) == ("Barra alta", "Mateo Manager")
    assert "Barra alta" in [s.name for s in now.sections]


def test_section_names_are_unique_in_the_branch_ignoring_case(repos):
    with pytest.raises(InvalidInput) as taken:
        sections.create_section(repos, MANAGER, DOWNTOWN, "terraza", None)
    assert taken.value.field == "name"
    with pytest.raises(InvalidInput):
        sections.update_section(repos, MANAGER, DOWNTOWN, SALON, name="TERRAZA")
    renamed = sections.update_section(repos, MANAGER, DOWNTOWN, SALON, name="salón")  # its own name, recased
    assert renamed.section(SALON).name == "salón"


def test_a_new_shift_gives_the_terrace_to_ana_and_luis_keeps_nothing(repos):
    now = sections.update_section(repos, MANAGER, DOWNTOWN, TERRACE, staff_id=ANA.staff_id)
    assert now.section(TERRACE).staff_name == "Ana Salas"

    nobody = sections.update_section(repos, MANAGER, DOWNTOWN, TERRACE, staff_id=None)
    assert nobody.section(TERRACE).staff_id is None and nobody.section(TERRACE).name == "Terraza"


def test_removing_a_section_leaves_its_tables_to_everyone(repos):
    now = sections.delete_section(repos, MANAGER, DOWNTOWN, TERRACE)

    assert [s.id for s in now.sections] == [SALON]
    assert section_at(repos, "T33") is None
    assert now.tables_of(TERRACE) == []


def test_the_waiters_to_choose_from_are_the_branch_s_waiters_and_managers_by_name(repos):
    repos.staff.add(StaffMember(id="st_other", chain_id="ch_comanda-demo", email="x@miraflores.demo.comanda",
                                name="Aaron Away", role=Role.WAITER, branch_ids=[MIRAFLORES]))

    found = sections.waiters_of_branch(repos, ANA, DOWNTOWN)

    assert [m.name for m in found] == ["Ana Salas", "Luis Torres", "Mateo Manager"]
