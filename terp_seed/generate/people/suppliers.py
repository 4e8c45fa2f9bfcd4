"""Notes on suppliers: every batch put on hold is written up against the supplier that sent it.

A hold (a failed moisture test, a review) is what a buyer of stock remembers about a
supplier, so the staff member who held the batch notes it on the vendor's page.
"""

import pandas as pd

from terp_seed.generate.people.world import World, minutes, numbered

ON_HOLD = "On Hold"


def build_vendor_notes(world: World) -> pd.DataFrame:
    """A vendorNotes row for each batch held, by who held it, shortly after."""
    tables = world.tables
    statuses = tables["workflow_statuses"].set_index("name")["id"]
    history = tables["batch_status_history"]
    held = history[history["toStatusId"] == statuses.get(ON_HOLD, -1)]
    batches = tables["batches"].set_index("id")
    lots = tables["lots"].set_index("id")
    lot = held["batchId"].map(batches["lotId"])
    rng = world.rng("vendor_note_delay")
    notes = pd.DataFrame(
        {
            "client_id": lot.map(lots["supplier_client_id"]).astype("Int64").to_numpy(),
            "vendorId": lot.map(lots["vendorId"]).astype("int64").to_numpy(),
            "userId": held["changedBy"].astype("int64").to_numpy(),
            "note": [
                f"{code} (lot {lot_code}) put on hold: {reason}."
                for code, lot_code, reason in zip(
                    held["batchId"].map(batches["code"]),
                    lot.map(lots["code"]),
                    held["notes"].fillna("held"),
                    strict=True,
                )
            ],
            "createdAt": (held["createdAt"] + minutes(rng, 5, 60, len(held))).to_numpy(),
        }
    )
    notes = notes[notes["createdAt"] <= world.cutoff].copy()
    notes["updatedAt"] = notes["createdAt"]
    return numbered(notes, ["createdAt", "vendorId"])
