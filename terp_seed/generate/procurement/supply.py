"""What suppliers offer and when their harvests come in: listings and harvest reminders."""

import numpy as np
import pandas as pd

from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "procurement"
FLOWER = "Flower"
# A supplier lists a harvest a few days before the buyer orders it; a listing stays up 2 weeks.
LISTING_LEAD_DAYS = (1, 6)
LISTING_DAYS = 14
# Harvests are cured about ten days before delivery; the reminder goes out two weeks ahead.
CURE_DAYS = 10
REMINDER_LEAD_DAYS = 14
PLAN_SHARED_DAYS = 30
CURRENT_OFFERS = (3, 6)


def purchased_items(tables) -> pd.DataFrame:
    """Every purchase-order line with its product, strain, batch grade and order dates."""
    items = tables["purchaseOrderItems"].merge(
        tables["purchaseOrders"][
            ["id", "vendorId", "intakeSessionId", "createdBy", "createdAt", "confirmedAt"]
        ].rename(columns={"id": "purchaseOrderId", "createdAt": "ordered_at"}),
        on="purchaseOrderId",
    )
    products = tables["products"].set_index("id")
    strains = tables["strains"].set_index("id")
    batch = tables["intake_session_batches"].merge(
        tables["batches"][["id", "productId", "grade"]], left_on="batch_id", right_on="id"
    )
    grade = batch.set_index(["intake_session_id", "productId"])["grade"]
    strain_id = products["strainId"].reindex(items["productId"])
    items["strain"] = strains["name"].reindex(strain_id).to_numpy()
    items["strain_type"] = strains["category"].reindex(strain_id).str.upper().to_numpy()
    items["product_name"] = products["nameCanonical"].reindex(items["productId"]).to_numpy()
    items["category"] = products["category"].reindex(items["productId"]).to_numpy()
    items["subcategory"] = products["subcategory"].reindex(items["productId"]).to_numpy()
    items["grade"] = grade.reindex(
        list(zip(items["intakeSessionId"], items["productId"]))
    ).to_numpy()
    return items.sort_values("id").reset_index(drop=True)


def build_vendor_supply(params: SeedParams, tables) -> pd.DataFrame:
    """`vendor_supply`: listings the business bought (PURCHASED) and what is on offer now."""
    bought = purchased_items(tables)
    rng = stream(params.seed, STREAMS, "listing_lead")
    lead = pd.to_timedelta(rng.integers(*LISTING_LEAD_DAYS, len(bought), endpoint=True), unit="D")
    # Listed a few days before the order, but never before the supplier and buyer were on file.
    on_file = np.maximum(
        tables["vendors"].set_index("id")["createdAt"].reindex(bought["vendorId"]).to_numpy(),
        tables["users"].set_index("id")["createdAt"].reindex(bought["createdBy"]).to_numpy(),
    )
    listed = pd.Series(
        np.minimum(
            np.maximum((bought["ordered_at"] - lead).to_numpy(), on_file), bought["ordered_at"]
        ),
        index=bought.index,
    )
    purchased = pd.DataFrame(
        {
            "vendor_id": bought["vendorId"].to_numpy(),
            "strain": bought["strain"].to_numpy(),
            "product_name": bought["product_name"].to_numpy(),
            "strain_type": bought["strain_type"].to_numpy(),
            "category": bought["category"].to_numpy(),
            "subcategory": bought["subcategory"].to_numpy(),
            "grade": bought["grade"].to_numpy(),
            "quantity_available": bought["quantityOrdered"].to_numpy(),
            "unit_price": bought["unitCost"].round(2).to_numpy(),
            "status": "PURCHASED",
            "available_until": (listed + pd.Timedelta(days=LISTING_DAYS)).to_numpy(),
            "reserved_at": bought["ordered_at"].to_numpy(),
            "purchased_at": bought["confirmedAt"].to_numpy(),
            "created_at": listed.to_numpy(),
            "updated_at": bought["confirmedAt"].to_numpy(),
            "created_by": bought["createdBy"].to_numpy(),
        }
    )
    frame = pd.concat([purchased, current_offers(params, bought)], ignore_index=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def current_offers(params: SeedParams, bought: pd.DataFrame) -> pd.DataFrame:
    """Each supplier's listings open at as-of: lines it has sold us before, at their last cost."""
    rng = stream(params.seed, STREAMS, "current_offers")
    as_of = pd.Timestamp(params.end)
    latest = bought.sort_values(["ordered_at", "id"]).groupby(["vendorId", "productId"]).tail(1)
    offers = []
    for _vendor, lines in latest.groupby("vendorId", sort=True):
        take = min(len(lines), int(rng.integers(*CURRENT_OFFERS, endpoint=True)))
        offers.append(lines.iloc[np.sort(rng.choice(len(lines), take, replace=False))])
    chosen = pd.concat(offers, ignore_index=True)
    listed = (
        as_of
        + pd.Timedelta(hours=9)
        - pd.to_timedelta(rng.integers(1, LISTING_DAYS, len(chosen)), unit="D")
    )
    return pd.DataFrame(
        {
            "vendor_id": chosen["vendorId"].to_numpy(),
            "strain": chosen["strain"].to_numpy(),
            "product_name": chosen["product_name"].to_numpy(),
            "strain_type": chosen["strain_type"].to_numpy(),
            "category": chosen["category"].to_numpy(),
            "subcategory": chosen["subcategory"].to_numpy(),
            "grade": chosen["grade"].to_numpy(),
            "quantity_available": chosen["quantityOrdered"].to_numpy(),
            "unit_price": chosen["unitCost"].round(2).to_numpy(),
            "status": "AVAILABLE",
            "available_until": (listed + pd.Timedelta(days=LISTING_DAYS)).to_numpy(),
            "created_at": listed.to_numpy(),
            "updated_at": listed.to_numpy(),
            "created_by": chosen["createdBy"].to_numpy(),
        }
    )


def build_vendor_harvest_reminders(params: SeedParams, tables) -> pd.DataFrame:
    """`vendor_harvest_reminders`: one per flower delivery, and one ahead per supplier.

    Each flower intake was a harvest the buyer had been reminded of two weeks before it was
    due; the estimate the grower gave differs a little from what came in.
    """
    bought = purchased_items(tables)
    flower = bought[bought["category"] == FLOWER]
    sessions = tables["intake_sessions"].set_index("id")
    per_intake = flower.groupby("intakeSessionId").agg(
        vendor_id=("vendorId", "first"),
        actual=("quantityReceived", "sum"),
        buyer=("createdBy", "first"),
        strain=("strain", lambda s: s.value_counts().index[0]),
    )
    per_intake = per_intake.join(sessions[["receive_date", "completed_at", "session_number"]])
    rng = stream(params.seed, STREAMS, "harvest_estimates")
    estimate = rng.uniform(0.85, 1.15, len(per_intake))
    harvest = pd.to_datetime(per_intake["receive_date"]) - pd.Timedelta(days=CURE_DAYS)
    reminder = harvest - pd.Timedelta(days=REMINDER_LEAD_DAYS)
    # Reminders exist only once both the supplier and the buyer who keeps them are on file.
    on_file = np.maximum(
        tables["vendors"].set_index("id")["createdAt"].reindex(per_intake["vendor_id"]).to_numpy(),
        tables["users"].set_index("id")["createdAt"].reindex(per_intake["buyer"]).to_numpy(),
    )
    kept = (reminder + pd.Timedelta(hours=10)).to_numpy() >= on_file
    per_intake, harvest, reminder = per_intake[kept], harvest[kept], reminder[kept]
    estimate, on_file = estimate[kept], on_file[kept]
    planned = np.maximum(
        (reminder - pd.Timedelta(days=PLAN_SHARED_DAYS, hours=-9)).to_numpy(), on_file
    )
    completed = pd.DataFrame(
        {
            "vendor_id": per_intake["vendor_id"].to_numpy(),
            "expected_harvest_date": harvest.dt.date.to_numpy(),
            "reminder_date": reminder.dt.date.to_numpy(),
            "strain": per_intake["strain"].to_numpy(),
            "estimated_quantity": (per_intake["actual"] * estimate).round(2).to_numpy(),
            "actual_quantity": per_intake["actual"].round(2).to_numpy(),
            "status": "COMPLETED",
            "created_by": per_intake["buyer"].to_numpy(),
            "created_at": planned,
            "contacted_at": (reminder + pd.Timedelta(hours=10)).to_numpy(),
            "contacted_by": per_intake["buyer"].to_numpy(),
            "contact_notes": "Harvest window and quantity confirmed with the grower",
            "completed_at": per_intake["completed_at"].to_numpy(),
            "completion_notes": "Delivered on intake " + per_intake["session_number"],
        }
    )
    frame = pd.concat([completed, upcoming_harvests(params, completed)], ignore_index=True)
    frame = frame.sort_values(["created_at", "vendor_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def upcoming_harvests(params: SeedParams, completed: pd.DataFrame) -> pd.DataFrame:
    """Each supplier's next harvest, due after as-of.

    Pending, or contacted once its reminder date has come.
    """
    rng = stream(params.seed, STREAMS, "upcoming_harvests")
    as_of = pd.Timestamp(params.end)
    past = completed.groupby("vendor_id").agg(
        typical=("actual_quantity", "median"),
        strain=("strain", "last"),
        buyer=("created_by", "last"),
    )
    harvest = as_of + pd.to_timedelta(rng.integers(7, 46, len(past)), unit="D")
    reminder = harvest - pd.Timedelta(days=REMINDER_LEAD_DAYS)
    contacted = reminder <= as_of
    return pd.DataFrame(
        {
            "vendor_id": past.index.to_numpy(),
            "expected_harvest_date": harvest.date,
            "reminder_date": reminder.date,
            "strain": past["strain"].to_numpy(),
            "estimated_quantity": past["typical"].round(2).to_numpy(),
            "status": np.where(contacted, "CONTACTED", "PENDING"),
            "created_by": past["buyer"].to_numpy(),
            "created_at": as_of - pd.Timedelta(days=PLAN_SHARED_DAYS, hours=-9),
            "contacted_at": np.where(contacted, reminder + pd.Timedelta(hours=10), pd.NaT),
            "contacted_by": np.where(contacted, past["buyer"], None),
        }
    )
