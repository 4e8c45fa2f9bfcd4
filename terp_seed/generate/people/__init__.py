"""The people side of the business: CRM, comments, todo lists, inbox and audit trails.

Every row is derived from events the families upstream already wrote: a confirmed order is
emailed and logged, a late buyer is called, a buyer near its limit is reviewed, staff comment
on the orders, clients and batches they handled and @mention each other, fulfilment and
inventory work is tracked as tasks, and every order and batch status change is audited.
"""

import pandas as pd

from terp_seed.generate.family import Family, Frames, Tables
from terp_seed.generate.people import (
    audit,
    comments,
    crm,
    meetings,
    needs,
    notes,
    notifications,
    suppliers,
    todos,
)
from terp_seed.generate.people.world import World
from terp_seed.params import SeedParams
from terp_seed.terp.people import PEOPLE_TABLES

CREATES = PEOPLE_TABLES
AMENDS = ("orders",)


def plan(world: World) -> dict[str, pd.DataFrame]:
    """What happened with people: calls, credit reviews, meetings held, notes written."""
    reviews = crm.plan_credit_reviews(world)
    # Credit limits are the owner's call.
    reviews["reviewer"] = crm.credit_officer(world)
    reviews = reviews.sort_values(["at", "client_id"]).reset_index(drop=True)
    calls = crm.plan_collection_calls(world)
    held = meetings.plan_meetings(world)
    return {
        "calls": calls,
        "reviews": reviews,
        "meetings": held,
        "notes": crm.plan_client_notes(world, calls, reviews, held),
    }


def build_crm(world: World, planned: dict[str, pd.DataFrame]) -> Frames:
    """The client relationship tables, and the orders placed to fill a need."""
    client_notes = planned["notes"]
    freeform = crm.build_freeform_notes(client_notes)
    discussion = notes.build_note_comments(world, client_notes)
    client_needs = needs.build_client_needs(world)
    return {
        "client_activity": crm.build_client_activity(world, client_notes),
        "client_communications": crm.build_client_communications(
            world, planned["calls"], planned["reviews"], planned["meetings"]
        ),
        "client_notes": crm.build_client_notes(client_notes),
        "client_needs": client_needs.drop(columns=["_order", "_batch"]),
        "match_records": needs.build_match_records(world, client_needs),
        "vendorNotes": suppliers.build_vendor_notes(world),
        "client_meeting_history": meetings.build_client_meeting_history(world, planned["meetings"]),
        "freeform_notes": freeform,
        "note_comments": discussion,
        "note_activity": notes.build_note_activity(freeform, discussion),
        "orders": needs.amend_orders(world, client_needs),
    }


def build(params: SeedParams, tables: Tables) -> Frames:
    """Every people-side table from the upstream events."""
    world = World.of(params, tables)
    planned = plan(world)
    frames = build_crm(world, planned)
    frames["auditLogs"] = audit.build_auditLogs(world)
    frames["order_audit_log"] = audit.build_order_audit_log(world)
    frames.update(todos.build_todos(world, planned["calls"]))
    frames.update(comments.build_comments(world))
    frames["inbox_items"] = pd.concat(
        [comments.build_mention_inbox(world, frames), todos.build_task_inbox(world, frames)],
        ignore_index=True,
    ).pipe(comments.renumber_inbox)
    frames["notifications"] = notifications.build_notifications(world)
    return frames


FAMILY = Family(
    name="people",
    description="The people side: CRM activity and calls, notes, comments, tasks, inbox, audit.",
    upstream=("ledger", "calendar"),
    creates=CREATES,
    amends=AMENDS,
    build=build,
)
