"""Where each batch's stock sits at as-of, in exactly its on-hand quantity.

`batchLocations`, `batch_zone_assignments` and `site_inventory_counts` all hold it.

A batch is shelved where its kind is kept (indoor and greenhouse flower in Vault A, outdoor in
Vault B, packaged goods in the Cold Room, a batch being packed in Packaging, held stock on
Vault B's last rack); a large one fills two bins. Its row was written at intake and follows
its stock: when the batch sells out the row is emptied and soft-deleted.
"""

import dataclasses

import numpy as np
import pandas as pd

from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams
from terp_seed.terp.catalog import CLASS_BY_KEY
from terp_seed.terp.workflow import HELD_STATUSES, PACKAGING

STREAMS = "warehouse"
# Where each sales class is kept.
ZONE_OF_CLASS = {"IND": "Vault A", "GRH": "Vault A", "OUT": "Vault B"}
PACKAGED_ZONE = "Cold Room"
PACKING_ZONE = "Packaging"
HOLD_ZONE, HOLD_RACK = "Vault B", "R4"
# Above this on hand a batch fills a second bin (pounds of flower, units otherwise).
SPLIT_ABOVE = {True: 40.0, False: 800.0}
# Weekly cycle count: Saturdays at 15:00 the floor counts what is on the shelves.
COUNT_WEEKDAY, COUNT_HOUR = 5, 15
QUANTITY_DIGITS = 4


@dataclasses.dataclass(frozen=True)
class Placement:
    """One row per (batch, bin): where part of a batch's stock is, and how much."""

    frame: pd.DataFrame  # batch_id, location_id, qty, created, updated, deleted, clerk


def _zone_of(batches: pd.DataFrame, classes: np.ndarray, stage: np.ndarray) -> np.ndarray:
    zone = np.array(
        [
            ZONE_OF_CLASS.get(k, PACKAGED_ZONE) if CLASS_BY_KEY[k].is_flower else PACKAGED_ZONE
            for k in classes
        ],
        dtype=object,
    )
    zone[stage == PACKAGING] = PACKING_ZONE
    zone[batches["batchStatus"].isin(HELD_STATUSES).to_numpy()] = HOLD_ZONE
    return zone


def _bins(
    params: SeedParams, locations: pd.DataFrame, zone: np.ndarray, held: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(first bin, second bin) location ids per batch, drawn among its zone's bins."""
    rng = stream(params.seed, STREAMS, "bins")
    first = np.zeros(len(zone), dtype=int)
    second = np.zeros(len(zone), dtype=int)
    for name in np.unique(zone):
        members = np.flatnonzero(zone == name)
        in_zone = locations[locations["zone"] == name]
        for subset, bins in (
            (members[held[members]], in_zone[in_zone["rack"] == HOLD_RACK]),
            (members[~held[members]], in_zone[in_zone["rack"] != HOLD_RACK]),
        ):
            ids = (bins if len(bins) else in_zone)["id"].to_numpy()
            pick = rng.integers(0, len(ids), (len(subset), 2))
            # The second bin is the next one along, never the first one again.
            first[subset] = ids[pick[:, 0]]
            second[subset] = ids[(pick[:, 0] + 1 + pick[:, 1] % max(1, len(ids) - 1)) % len(ids)]
    return first, second


def place_stock(
    params: SeedParams,
    batches: pd.DataFrame,
    classes: np.ndarray,
    stage: np.ndarray,
    movements: pd.DataFrame,
    locations: pd.DataFrame,
) -> Placement:
    """Shelve every batch where its kind is kept; split a large one over two bins."""
    held = batches["batchStatus"].isin(HELD_STATUSES).to_numpy()
    zone = _zone_of(batches, classes, stage)
    first, second = _bins(params, locations, zone, held)
    moves = movements.groupby("batchId")
    received = moves["createdAt"].min().reindex(batches["id"]).to_numpy()
    last_move = moves["createdAt"].max().reindex(batches["id"]).to_numpy()
    clerk = (
        movements[movements["inventoryMovementType"] == "INTAKE"]
        .groupby("batchId")["performedBy"]
        .first()
        .reindex(batches["id"])
        .to_numpy()
    )
    on_hand = batches["onHandQty"].to_numpy(dtype=float)
    flower = np.array([CLASS_BY_KEY[k].is_flower for k in classes])
    split = on_hand > np.where(flower, SPLIT_ABOVE[True], SPLIT_ABOVE[False])
    first_qty = np.where(split, np.round(on_hand * 0.6, 2), np.maximum(on_hand, 0.0))
    sold_out = on_hand <= 0
    rows = pd.DataFrame(
        {
            "batch_id": batches["id"].to_numpy(),
            "location_id": first,
            "qty": first_qty,
            "created": received,
            "updated": last_move,
            "deleted": np.where(sold_out, last_move, np.datetime64("NaT")),
            "clerk": clerk,
        }
    )
    overflow = pd.DataFrame(
        {
            "batch_id": batches["id"].to_numpy()[split],
            "location_id": second[split],
            "qty": np.round(on_hand[split] - first_qty[split], QUANTITY_DIGITS),
            "created": received[split],
            "updated": last_move[split],
            "deleted": np.datetime64("NaT"),
            "clerk": clerk[split],
        }
    )
    frame = pd.concat([rows, overflow], ignore_index=True)
    frame = frame.sort_values(["created", "batch_id"], kind="stable").reset_index(drop=True)
    return Placement(frame)


def build_batch_locations(placement: Placement, locations: pd.DataFrame) -> pd.DataFrame:
    """`batchLocations`: free-text copies of the chosen location and the quantity held there."""
    rows = placement.frame
    where = locations.set_index("id").loc[rows["location_id"]]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "batchId": rows["batch_id"].to_numpy(),
            "site": where["site"].to_numpy(),
            "deleted_at": pd.to_datetime(rows["deleted"]).to_numpy(),
            "zone": where["zone"].to_numpy(),
            "rack": where["rack"].to_numpy(),
            "shelf": where["shelf"].to_numpy(),
            "bin": where["bin"].to_numpy(),
            "qty": rows["qty"].to_numpy(),
            "createdAt": pd.to_datetime(rows["created"]).to_numpy(),
            "updatedAt": pd.to_datetime(rows["updated"]).to_numpy(),
        }
    )


def build_batch_zone_assignments(
    placement: Placement, locations: pd.DataFrame, zones: pd.DataFrame
) -> pd.DataFrame:
    """The newer storage model's view of the same stock: one assignment per occupied bin."""
    rows = placement.frame[placement.frame["deleted"].isna()].reset_index(drop=True)
    where = locations.set_index("id").loc[rows["location_id"]]
    zone_id = dict(zip(zones["name"], zones["id"], strict=True))
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "batch_id": rows["batch_id"].to_numpy(),
            "zone_id": where["zone"].map(zone_id).to_numpy(),
            "quantity": rows["qty"].to_numpy(),
            "rack": where["rack"].to_numpy(),
            "shelf": where["shelf"].to_numpy(),
            "bin": where["bin"].to_numpy(),
            "assigned_by_id": rows["clerk"].to_numpy(),
            "assigned_at": pd.to_datetime(rows["created"]).to_numpy(),
            "notes": "Shelved at intake",
            "created_at": pd.to_datetime(rows["created"]).to_numpy(),
            "updated_at": pd.to_datetime(rows["updated"]).to_numpy(),
        }
    )


def _last_count(params: SeedParams, received: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The last weekly cycle count at or before as-of, if the batch was on the shelf by then."""
    end = pd.Timestamp(params.end)
    back = (end.dayofweek - COUNT_WEEKDAY) % 7
    count_at = end.normalize() - pd.Timedelta(days=back) + pd.Timedelta(hours=COUNT_HOUR)
    return pd.DatetimeIndex(np.where(received < count_at, count_at, np.datetime64("NaT")))


def build_site_inventory_counts(
    params: SeedParams,
    batches: pd.DataFrame,
    placement: Placement,
    sites: pd.DataFrame,
    floor: np.ndarray,
) -> pd.DataFrame:
    """What the site holds of each batch in stock, and when it was last counted."""
    rng = stream(params.seed, STREAMS, "counts")
    in_stock = batches[batches["onHandQty"] > 0].reset_index(drop=True)
    first = placement.frame.groupby("batch_id")[["created", "updated"]].min()
    received = pd.DatetimeIndex(first["created"].reindex(in_stock["id"]).to_numpy())
    updated = pd.DatetimeIndex(first["updated"].reindex(in_stock["id"]).to_numpy())
    counted = _last_count(params, received)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(in_stock) + 1),
            "site_id": int(sites.loc[sites["is_default"] == 1, "id"].iloc[0]),
            "batch_id": in_stock["id"].to_numpy(),
            "quantity": in_stock["onHandQty"].to_numpy(),
            "reserved_quantity": in_stock["reservedQty"].to_numpy(),
            "last_count_at": counted,
            "last_count_by_id": pd.array(
                np.where(counted.isna(), None, rng.choice(floor, len(in_stock))), dtype="Int64"
            ),
            "created_at": received,
            "updated_at": pd.Series(updated)
            .where(pd.isna(counted) | (updated >= counted), counted)
            .to_numpy(),
        }
    )
