"""The facts' handler on in-memory repositories (issue 19): where a branch is, who of a table
is a loyalty member and what an 86'd item is called come from the repositories; the facts go
to the FactSink port (here its in-memory fake), one object per kind and partition."""
from __future__ import annotations

import copy

from chalicelib.domain.customers import Customer, RegistrationMode
from chalicelib.domain.sessions import EndReason, Participant, SessionStatus, TableSession
from chalicelib.ports import Repositories
from chalicelib.realtime.facts_stream import RepositoryPlaces, batch_name, change_record, handle_fact_batch
from chalicelib.store.models import BranchItemRecord
from chalicelib.store.sessions import _session_record
from tests.fakes.facts import InMemoryFactSink

CHAIN, DOWNTOWN = "ch_comanda-demo", "br_downtown-lima"


def closing(repos: Repositories) -> tuple[TableSession, TableSession]:
    repos.customers.add(Customer(id="cus_rosa", chain_id=CHAIN, mode=RegistrationMode.LOYALTY, name="Rosa",
                                 phone="+51911111111", created_at="2026-11-30T18:00:00.000Z"))
    before = TableSession(id="ses_1", branch_id=DOWNTOWN, table_code="T4", status=SessionStatus.ACTIVE,
                          started_at="2026-12-01T23:30:00.000Z", approved_at="2026-12-01T23:31:00.000Z",
                          participants=[Participant("cus_rosa", "Rosa", "2026-12-01T23:30:00.000Z"),
                                        Participant("cus_guest", "Ana", "2026-12-01T23:35:00.000Z")])
    after = copy.deepcopy(before)
    after.close("2026-12-02T01:10:00.000Z", EndReason.CLOSED)
    return after, before


def test_a_batch_s_facts_go_to_the_sink_with_the_branch_s_day_and_its_members(repos):
    after, before = closing(repos)
    eighty_six = BranchItemRecord(CHAIN, f"B#{DOWNTOWN}#lomo-saltado", branch_id=DOWNTOWN, item_id="lomo-saltado",
                                  available=False, updated_at="2026-12-01T20:00:00.000Z")
    records = [change_record(_session_record(after, 3), _session_record(before, 2), sequence="101", created=0.0),
               change_record(eighty_six, sequence="102", created=0.0)]
    sink = InMemoryFactSink()

    answer = handle_fact_batch({"Records": records}, None, sink=sink, places=RepositoryPlaces(repos))

    assert answer == {"batchItemFailures": []}
    name = batch_name(records)
    assert sorted(sink.objects) == [
        f"facts/availability/chain={CHAIN}/branch={DOWNTOWN}/date=2026-12-01/{name}.json",
        f"facts/sessions/chain={CHAIN}/branch={DOWNTOWN}/date=2026-12-01/{name}.json",  # 20:10 in Lima
        f"facts/visits/chain={CHAIN}/branch={DOWNTOWN}/date=2026-12-01/{name}.json",
    ]
    [session] = sink.rows("sessions")
    assert (session["guests"], session["members"]) == (2, 1)
    assert {(v["customer_id"], v["is_member"]) for v in sink.rows("visits")} == {("cus_rosa", True),
                                                                                 ("cus_guest", False)}
    [out] = sink.rows("availability")
    assert (out["item_name"], out["available"]) == ("Lomo Saltado", False)


def test_a_batch_with_nothing_finished_writes_nothing(repos):
    _, before = closing(repos)
    sink = InMemoryFactSink()
    records = [change_record(_session_record(before, 1), sequence="7", created=0.0)]
    assert handle_fact_batch({"Records": records}, None, sink=sink, places=RepositoryPlaces(repos)) == {
        "batchItemFailures": []}
    assert sink.objects == {} and sink.puts == 0
