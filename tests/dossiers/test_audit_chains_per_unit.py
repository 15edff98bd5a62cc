"""One audit chain per reception unit (decision 0048): each unit's events link only to each other and lock
only that unit's head; tampering, deleting, reordering or moving an event is named with its chain; a tail
cut from one chain is caught by the anchors, which read each chain past its own mark."""
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.common import hashchain
from motcua.dossiers import anchors
from motcua.dossiers.audit import GENESIS, chain_label, heads, heads_digest, verify_chain
from motcua.dossiers.models import AuditChainHead, DossierEvent
from motcua.units.models import Unit

from .conftest import BIRTH, act, local, receive

TABLE = DossierEvent._meta.db_table


@pytest.fixture
def two_units(city):
    """Two dossiers at the city's centre (three events) and one at a ward's desk (one event)."""
    d = receive(city, at=local(2024, 11, 25, 9, 0))
    ward = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 9, 5))
    d = act(city, d, "tiepnhan.hcc", "transfer", at=local(2024, 11, 25, 10, 0))
    e = receive(city, at=local(2024, 11, 25, 10, 30))
    return {"hcc": Unit.objects.get(code="CP-HCC"), "ward": Unit.objects.get(code="CP-CTR-MC"), "d": d, "e": e,
            "ward_dossier": ward}


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def erase(event_id: int) -> None:
    """Delete an event with SQL, as a DBA would, with the rows that point at it (outbox, files)."""
    for rel in DossierEvent._meta.related_objects:
        rel.related_model._base_manager.filter(**{rel.field.name: event_id}).delete()
    sql(f"DELETE FROM {TABLE} WHERE id = %s", [event_id])


def test_each_reception_unit_has_its_own_chain_and_head(two_units):
    hcc, ward = two_units["hcc"], two_units["ward"]
    events = list(DossierEvent.objects.order_by("id"))
    assert [e.chain for e in events] == [hcc.pk, ward.pk, hcc.pk, hcc.pk]
    for unit in (hcc, ward):
        chain = [e for e in events if e.chain == unit.pk]
        assert chain[0].prev_hash == GENESIS  # each chain starts at the genesis
        assert all(later.prev_hash == earlier.hash for earlier, later in zip(chain, chain[1:], strict=False))
        head = AuditChainHead.objects.get(pk=unit.pk)
        assert (head.last_id, head.last_hash) == (chain[-1].pk, chain[-1].hash)
    report = verify_chain()
    assert report.ok and report.count == 4 and report.chains == 2


def test_intake_touches_only_its_units_head(two_units, city):
    head_table = AuditChainHead._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 11, 0))
    touching = [q["sql"] for q in queries.captured_queries if head_table in q["sql"]]
    assert any("UPDATE" in q for q in touching)
    assert {int(n) for q in touching for n in re.findall(r'"id" = (\d+)', q)} == {two_units["ward"].pk}


def test_a_changed_event_is_named_with_its_chain(two_units, capsys):
    ward_event = DossierEvent.objects.get(chain=two_units["ward"].pk)
    sql(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["sửa lén", ward_event.pk])
    report = verify_chain()
    assert (report.chain, report.broken_id, report.reason) == (two_units["ward"].pk, ward_event.pk, hashchain.CHANGED)
    with pytest.raises(SystemExit):
        call_command("verify_audit_chain")
    err = capsys.readouterr().err
    assert "đơn vị CP-CTR-MC" in err and f"sự kiện {ward_event.pk}" in err and two_units["ward_dossier"].code in err


def test_an_event_deleted_from_the_middle_of_a_chain_breaks_its_link(two_units):
    first, second, third = DossierEvent.objects.filter(chain=two_units["hcc"].pk).order_by("id")
    erase(second.pk)
    report = verify_chain()
    assert (report.chain, report.broken_id, report.reason) == (two_units["hcc"].pk, third.pk, hashchain.UNLINKED)


def test_two_events_of_a_chain_swapped_are_caught(two_units):
    """Reordering: the rows of the first and third event of the centre's chain exchange their content."""
    hcc = two_units["hcc"].pk
    rows = list(DossierEvent.objects.filter(chain=hcc).order_by("id").values())
    first, last = rows[0], rows[-1]
    content = [c for c in first if c != "id"]
    DossierEvent.objects.filter(pk=first["id"]).update(**{c: last[c] for c in content})
    DossierEvent.objects.filter(pk=last["id"]).update(**{c: first[c] for c in content})
    report = verify_chain()
    assert not report.ok and report.chain == hcc and report.broken_id == first["id"]


def test_an_event_moved_to_another_chain_is_caught(two_units):
    """The chain key is not hashed: the links pin it. Moving the centre's last event into the ward's chain
    breaks the centre's head (cut tail) — or the ward's link, whichever is walked first."""
    hcc, ward = two_units["hcc"].pk, two_units["ward"].pk
    last = DossierEvent.objects.filter(chain=hcc).order_by("-id")[0]
    sql(f"UPDATE {TABLE} SET chain = %s WHERE id = %s", [ward, last.pk])
    report = verify_chain()
    assert not report.ok and report.chain in (hcc, ward)
    assert report.reason in (hashchain.UNLINKED, hashchain.TAIL_REMOVED)


def test_a_chain_whose_head_row_was_deleted_is_named(two_units):
    ward = two_units["ward"].pk
    sql(f"DELETE FROM {AuditChainHead._meta.db_table} WHERE id = %s", [ward])
    report = verify_chain()
    assert (report.chain, report.reason) == (ward, hashchain.HEAD_MISSING)


def test_a_tail_cut_from_one_chain_with_its_head_rewound_is_caught_by_the_anchor(two_units):
    anchors.write_anchor(force=True)
    hcc = two_units["hcc"].pk
    tail = DossierEvent.objects.filter(chain=hcc).order_by("-id")[0]
    erase(tail.pk)
    before = DossierEvent.objects.filter(chain=hcc).order_by("-id").values_list("id", "hash")[0]
    sql(f"UPDATE {AuditChainHead._meta.db_table} SET last_id = %s, last_hash = %s WHERE id = %s", [*before, hcc])
    assert verify_chain().ok  # the chain alone is fooled
    report = anchors.verify_anchors()
    assert report.mismatch_id == tail.pk and "không còn" in report.reason


def test_an_anchor_records_every_head_and_their_digest(two_units):
    record = anchors.write_anchor(force=True)
    chain_heads = heads()
    assert record["heads"] == {str(k): list(v) for k, v in chain_heads.items()}
    assert record["head_hash"] == heads_digest(chain_heads) != GENESIS
    assert record["last_id"] == DossierEvent.objects.order_by("-id")[0].pk
    assert [pk for pk, _h in record["events"]] == list(DossierEvent.objects.order_by("id").values_list("id", flat=True))


def test_an_event_committed_after_a_later_id_of_another_unit_is_still_anchored(two_units, city):
    """Chains commit in any order: an event whose id is below the anchor's highest id but whose
    transaction had not committed (its head not yet moved) is read by the next anchor."""
    hcc, ward = two_units["hcc"], two_units["ward"]
    anchors.write_anchor(force=True)
    early = receive(city, at=local(2024, 11, 25, 11, 0))  # centre: the lower id …
    late = receive(city, "tiepnhan.camtrung", BIRTH, "CP-CTR-MC", at=local(2024, 11, 25, 11, 1))  # … ward's higher
    early_event = DossierEvent.objects.get(dossier=early)
    committed = AuditChainHead.objects.get(pk=hcc.pk)
    # As if the centre's transaction were still in flight when the anchor ran: its head not yet moved.
    previous = DossierEvent.objects.filter(chain=hcc.pk, id__lt=early_event.pk).order_by("-id").values_list("id", "hash")[0]
    sql(f"UPDATE {AuditChainHead._meta.db_table} SET last_id = %s, last_hash = %s WHERE id = %s", [*previous, hcc.pk])
    second = anchors.write_anchor(force=True)
    assert [pk for pk, _h in second["events"]] == [DossierEvent.objects.get(dossier=late).pk]
    assert second["last_id"] > early_event.pk
    sql(f"UPDATE {AuditChainHead._meta.db_table} SET last_id = %s, last_hash = %s WHERE id = %s",
        [committed.last_id, committed.last_hash, hcc.pk])
    third = anchors.write_anchor(force=True)
    assert third["events"] == [[early_event.pk, early_event.hash]]
    report = anchors.verify_anchors()
    assert report.ok and report.checked == DossierEvent.objects.count()
    assert ward.pk != hcc.pk


def test_an_anchored_head_moved_to_another_chain_is_named(two_units):
    anchors.write_anchor(force=True)
    ward_event = DossierEvent.objects.get(chain=two_units["ward"].pk)
    sql(f"UPDATE {TABLE} SET chain = %s WHERE id = %s", [two_units["hcc"].pk, ward_event.pk])
    report = anchors.verify_anchors()
    assert report.mismatch_id == ward_event.pk and "không còn thuộc chuỗi" in report.reason


def test_the_chain_is_named_to_a_person(two_units):
    assert chain_label(two_units["ward"].pk) == "đơn vị CP-CTR-MC"
    assert chain_label(0).startswith("chung")


def test_an_anchor_file_from_the_single_chain_is_continued_per_chain(two_units, settings):
    """A record written before decision 0048 (no `heads`): its `last_id` is the mark of chain 0, the old
    chain; the next anchor reads that chain past it and every unit's chain from its start."""
    import json
    from pathlib import Path

    events = list(DossierEvent.objects.order_by("id"))
    old = events[:2]
    for event in old:  # the first two events as the old single chain wrote them
        DossierEvent.objects.filter(pk=event.pk).update(chain=0)
    prev = GENESIS
    for event in old:
        digest = event_hash_of(event, prev)
        DossierEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev = digest
    AuditChainHead.objects.create(id=0, last_id=old[-1].pk, last_hash=prev)
    legacy = {"seq": 1, "made_at": "2024-11-25T09:10:00+07:00", "first_id": old[0].pk, "last_id": old[-1].pk,
              "head_hash": prev, "events": [[e.pk, e.hash] for e in DossierEvent.objects.filter(chain=0).order_by("id")],
              "changes": {"last_id": 0, "events": []}, "prev": GENESIS}
    path = Path(settings.MOTCUA_AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**legacy, "sig": anchors._sign(legacy)}, ensure_ascii=False, separators=(",", ":")) + "\n")
    # the unit chains now hold only the later events: rebuild them from the genesis
    for unit in (two_units["hcc"], two_units["ward"]):
        prev, last = GENESIS, None
        for event in DossierEvent.objects.filter(chain=unit.pk).order_by("id"):
            digest = event_hash_of(event, prev)
            DossierEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
            prev, last = digest, event.pk
        AuditChainHead.objects.filter(pk=unit.pk).update(last_id=last or 0, last_hash=prev)
    assert verify_chain().ok and verify_chain().chains == 3
    record = anchors.write_anchor(force=True)
    later = {e.pk for e in events[2:]}
    assert {pk for pk, _h in record["events"]} == later
    assert record["heads"]["0"] == [old[-1].pk, legacy["head_hash"]]
    report = anchors.verify_anchors()
    assert report.ok and report.checked == len(events)


def event_hash_of(event: DossierEvent, prev: str) -> str:
    from motcua.dossiers.audit import HASHED_FIELDS, event_hash

    row = DossierEvent.objects.filter(pk=event.pk).values("at", *HASHED_FIELDS).get()
    return event_hash(row, row["at"], prev)
