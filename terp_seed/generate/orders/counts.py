"""Weekly cycle counts and the stock adjustments they find.

Every Saturday afternoon the floor counts a handful of shelves; now and then a consigned batch
is off by a little (trim lost to handling, a mis-weighed bag): TERP records the correction as
an ADJUSTMENT movement with reason COUNT_DISCREPANCY. Only consigned stock is corrected here:
office-owned shrink would need a write-off posting the ledger does not make. A correction never
takes a batch to zero at any later moment, so every later sale still had its stock.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.access.jobs import pick_staff
from terp_seed.generate.orders.movements import replay_quantities
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "warehouse"  # the cycle counts are the warehouse floor's work
COUNT_WEEKDAY, COUNT_HOUR = 5, 15  # Saturdays at 15:00
CHECKED_PER_COUNT = 6  # consigned batches on the counted shelves that turn out off
SHRINK_SHARE = 0.8  # most discrepancies are losses; the rest stock found
FLOWER_STEP, UNIT_STEP = 0.25, 1.0  # a quarter pound of flower, one unit otherwise


def count_times(params: SeedParams) -> pd.DatetimeIndex:
    """Every Saturday 15:00 inside the window."""
    days = pd.date_range(params.start, params.end, freq="D")
    days = days[days.dayofweek == COUNT_WEEKDAY]
    return days + pd.Timedelta(hours=COUNT_HOUR)


def _stock_around(moves: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """For (batch, when) pairs: stock at `when`, and the lowest it stands at any later moment."""
    moves = moves.sort_values(["createdAt", "id"], kind="stable").reset_index(drop=True)
    moves["createdAt"] = moves["createdAt"].astype("datetime64[ns]")
    pairs = pairs.assign(when=pairs["when"].astype("datetime64[ns]"))
    ordered = moves.sort_values(["batchId", "createdAt", "id"], ascending=[True, False, False])
    moves["lowest_from"] = ordered.groupby("batchId")["quantityAfter"].cummin()
    pairs = pairs.sort_values("when", kind="stable")
    before = pd.merge_asof(
        pairs,
        moves[["createdAt", "batchId", "quantityAfter"]],
        left_on="when",
        right_on="createdAt",
        by="batchId",
        direction="backward",
        allow_exact_matches=True,
    )
    after = pd.merge_asof(
        pairs,
        moves[["createdAt", "batchId", "lowest_from"]],
        left_on="when",
        right_on="createdAt",
        by="batchId",
        direction="forward",
        allow_exact_matches=False,
    )
    before["lowest_after"] = np.fmin(
        before["quantityAfter"].to_numpy(), after["lowest_from"].to_numpy()
    )
    return before


def plan_adjustments(
    params: SeedParams,
    batches: pd.DataFrame,
    flower: pd.Series,
    moves: pd.DataFrame,
    floor: tuple[np.ndarray, np.ndarray],
) -> pd.DataFrame:
    """The corrections the counts find: batch, when, signed quantity and who counted."""
    rng = stream(params.seed, STREAMS, "count_discrepancies")
    # Only batches still on the shelf at as-of: a found overage on a batch that later sold
    # out would leave it holding stock it is recorded as not having.
    live = (batches["ownership_type"] == "CONSIGNED") & (batches["batchStatus"] == "LIVE")
    consigned = batches.loc[live, "id"].to_numpy()
    times = count_times(params)
    if not len(consigned) or not len(times):
        return pd.DataFrame(columns=["batchId", "when", "change", "by"])
    pairs = pd.DataFrame(
        {
            "batchId": rng.choice(consigned, len(times) * CHECKED_PER_COUNT),
            "when": np.repeat(times.to_numpy(), CHECKED_PER_COUNT),
        }
    ).drop_duplicates(["batchId"])
    stock = _stock_around(moves, pairs)
    step = np.where(flower.reindex(stock["batchId"]).to_numpy(), FLOWER_STEP, UNIT_STEP)
    size = step * rng.integers(1, 5, len(stock))
    shrink = rng.random(len(stock)) < SHRINK_SHARE
    # A loss must leave stock at every later moment, or a later sale would not have had it.
    fits = ~shrink | (stock["lowest_after"].to_numpy() - size >= step)
    on_shelf = stock["quantityAfter"].fillna(0).to_numpy() > 0
    keep = fits & on_shelf
    return pd.DataFrame(
        {
            "batchId": stock["batchId"].to_numpy()[keep],
            "when": stock["when"].to_numpy()[keep],
            "change": np.where(shrink, -size, size)[keep],
            "by": pick_staff(rng, *floor, len(stock))[keep],
        }
    )


def build_inventory_movements(moves: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Every movement so far with the count corrections added, replayed in time order."""
    found = found.sort_values(["when", "batchId"], kind="stable").reset_index(drop=True)
    adjustments = pd.DataFrame(
        {
            "id": np.arange(1, len(found) + 1) + int(moves["id"].max()),
            "batchId": found["batchId"].astype("int64").to_numpy(),
            "inventoryMovementType": "ADJUSTMENT",
            "quantityChange": found["change"].astype(float).to_numpy(),
            "referenceType": "MANUAL_ADJUSTMENT",
            "referenceId": pd.array([None] * len(found), dtype="Int64"),
            "adjustmentReason": "COUNT_DISCREPANCY",
            "notes": np.where(
                found["change"].to_numpy() < 0,
                "Cycle count: short on the shelf",
                "Cycle count: more on the shelf than recorded",
            ),
            "performedBy": found["by"].astype("int64").to_numpy(),
            "createdAt": pd.to_datetime(found["when"]).to_numpy(),
        }
    )
    return replay_quantities(pd.concat([moves, adjustments], ignore_index=True))


def build_batches(batches: pd.DataFrame, movements: pd.DataFrame) -> pd.DataFrame:
    """Batches with on hand re-summed from their movements and the last change dated."""
    out = batches.copy()
    on_hand = movements.groupby("batchId")["quantityChange"].sum().round(4)
    out["onHandQty"] = on_hand.reindex(out["id"]).fillna(0.0).to_numpy()
    last = movements.groupby("batchId")["createdAt"].max().reindex(out["id"]).to_numpy()
    out["updatedAt"] = pd.to_datetime(np.maximum(pd.to_datetime(out["updatedAt"]).to_numpy(), last))
    return out
