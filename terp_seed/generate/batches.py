"""The batches family: the procure side, from purchase order to sellable stock.

Stock is bought ahead of demand: for every product and month the family receives what that
month is expected to sell plus a safety margin that grows with demand (so more arrives
before Q4). Each supplier delivery is one purchase order, one intake session and one lot;
each product in it becomes a batch with an INTAKE movement and a workflow history
(intake queue -> quality check -> lab testing -> ready for sale). Most stock is held on
consignment and paid for once sold (vendor payables, written by the orders family);
office-owned stock is bought outright and billed at intake.
"""

import itertools
import json

import numpy as np
import pandas as pd

from terp_seed.generate import catalog
from terp_seed.generate.catalog import CLASS_BY_KEY, SALES_CLASSES
from terp_seed.generate.family import Family
from terp_seed.generate.numbering import counted_numbers
from terp_seed.generate.streams import stream
from terp_seed.params import SeedParams

STREAMS = "batches"  # the family key of this module's random streams
# The tables this family writes (inventoryMovements: its INTAKE rows).
TABLES = (
    "strains",
    "categories",
    "subcategories",
    "brands",
    "products",
    "purchaseOrders",
    "purchaseOrderItems",
    "intake_sessions",
    "intake_session_batches",
    "lots",
    "batches",
    "batch_status_history",
    "inventoryMovements",
    "bills",
    "billLineItems",
)

# Stock ordered on top of a month's expected sales, as a share of the month-on-month rise in
# demand (plus the whole margin on the opening delivery).
SAFETY_MARGIN = 0.4
# Share of batches that fail or await a check at as-of (ON_HOLD / QUARANTINED), never sold.
HELD_BATCH_SHARE = 0.01
# Supplier terms (vendors.paymentTerms free text) mapped to the enum TERP stores on batches.
OWNED_TERMS = {"NET_30": ("NET_30", 30), "NET_15": ("NET_15", 15)}
DEFAULT_OWNED_TERMS = ("NET_30", 30)
# Days a receipt is kept clear of the as-of date, so every batch finishes its workflow.
RECEIPT_CUTOFF_DAYS = 3


def monthly_targets(params: SeedParams) -> pd.DataFrame:
    """The sales calendar: each month's share of the window and its seasonal sales target.

    Q4 months are `q4_uplift` above the others; the base is scaled so the targets add up to
    `monthly_sales` x months (a partial month counted by its share of days), which is R1.

    Returns:
        One row per month: `month` (first day), `window_start`, `window_end` (last day in the
        window), `fraction` (share of the month's days in the window), `is_q4`, `target`.
    """
    first = pd.Timestamp(params.start).to_period("M")
    last = pd.Timestamp(params.end).to_period("M")
    months = pd.period_range(first, last, freq="M")
    month_first = months.to_timestamp(how="start")
    month_last = months.to_timestamp(how="end").normalize()
    window_start = np.maximum(month_first, pd.Timestamp(params.start))
    window_end = np.minimum(month_last, pd.Timestamp(params.end))
    fraction = np.asarray(
        ((window_end - window_start).days + 1) / months.days_in_month, dtype=float
    )
    is_q4 = np.asarray(months.month >= 10)
    seasonal = np.where(is_q4, 1.0 + params.q4_uplift, 1.0)
    base = params.monthly_sales * fraction.sum() / (seasonal * fraction).sum()
    return pd.DataFrame(
        {
            "month": month_first,
            "window_start": window_start,
            "window_end": window_end,
            "fraction": np.asarray(fraction, dtype=float),
            "is_q4": is_q4,
            "target": base * seasonal * np.asarray(fraction, dtype=float),
        }
    )


def class_value_shares(params: SeedParams) -> dict[str, float]:
    """Share of sales value per sales class, with flower holding `flower_share` (R6)."""
    flower_total = sum(c.value_share for c in SALES_CLASSES if c.is_flower)
    other_total = sum(c.value_share for c in SALES_CLASSES if not c.is_flower)
    return {
        c.key: c.value_share / flower_total * params.flower_share
        if c.is_flower
        else c.value_share / other_total * (1.0 - params.flower_share)
        for c in SALES_CLASSES
    }


def workflow_ids(workflow_statuses: pd.DataFrame) -> dict[str, int]:
    """Workflow status id by slug ("intake-queue", "ready-for-sale", "on-hold", ...)."""
    return dict(zip(workflow_statuses["slug"], workflow_statuses["id"].astype(int), strict=True))


def staff_ids(users: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(owners, floor staff) user ids: the first two users are the owners."""
    ids = np.sort(users["id"].astype(int).to_numpy())
    owners = ids[:2]
    floor = ids[2:] if len(ids) > 2 else ids
    return owners, floor


def _planned_receipts(
    params: SeedParams, products: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """One planned batch per product and month: its quantity and when it should arrive."""
    calendar = monthly_targets(params)
    shares = class_value_shares(params)
    classes = catalog.product_classes(products)
    # Popularity inside a class: some strains sell far better than others.
    popularity = np.zeros(len(products))
    for key in CLASS_BY_KEY:
        members = np.flatnonzero(classes == key)
        if len(members):
            popularity[members] = rng.dirichlet(np.full(len(members), 2.0))
    list_price = np.array([CLASS_BY_KEY[k].list_price for k in classes])
    class_share = np.array([shares[k] for k in classes])
    # Expected units sold per product (rows) and month (columns), at ~95% of list.
    demand = np.outer(class_share * popularity / (0.95 * list_price), calendar["target"].to_numpy())
    previous = np.concatenate([np.zeros((len(products), 1)), demand[:, :-1]], axis=1)
    planned = demand + SAFETY_MARGIN * (demand - previous)
    planned *= rng.uniform(0.97, 1.12, planned.shape)
    min_lot = np.array([CLASS_BY_KEY[k].min_lot for k in classes])[:, None]
    quantity = np.maximum(np.ceil(planned), min_lot)

    product_index, month_index = np.meshgrid(
        np.arange(len(products)), np.arange(len(calendar)), indexing="ij"
    )
    month_first = calendar["window_start"].to_numpy()[month_index.ravel()]
    # Deliveries land from twelve days before a month to ten days into it; the opening
    # stock arrives before the window starts so the first orders have something to draw on.
    offset_days = np.where(
        month_index.ravel() == 0,
        rng.uniform(-12.0, -2.0, month_index.size),
        rng.uniform(-12.0, 10.0, month_index.size),
    )
    arrival = pd.to_datetime(month_first) + pd.to_timedelta(offset_days, unit="D")
    latest = pd.Timestamp(params.end) - pd.Timedelta(days=RECEIPT_CUTOFF_DAYS)
    arrival = arrival.where(arrival <= latest, latest)
    return pd.DataFrame(
        {
            "product_index": product_index.ravel(),
            "class_key": classes[product_index.ravel()],
            "quantity": quantity.ravel(),
            "arrival_day": arrival.normalize(),
        }
    )


def _group_receipts(
    params: SeedParams, planned: pd.DataFrame, products: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group planned batches into weekly deliveries per supplier: one receipt per delivery."""
    planned = planned.copy()
    planned["supplier_client_id"] = (
        products["supplier_client_id"].astype(int).to_numpy()[planned["product_index"]]
    )
    anchor = planned["arrival_day"].min()
    planned["week"] = (planned["arrival_day"] - anchor).dt.days // 7
    receipts = (
        planned.groupby(["supplier_client_id", "week"], sort=True)["arrival_day"]
        .min()
        .reset_index()
    )
    # A delivery is unloaded in the morning.
    receipts["received_at"] = receipts["arrival_day"] + pd.to_timedelta(
        rng.integers(8 * 60, 12 * 60, len(receipts)), unit="min"
    )
    receipts = receipts.sort_values(
        ["received_at", "supplier_client_id"], kind="stable"
    ).reset_index(drop=True)
    receipts["receipt_id"] = np.arange(1, len(receipts) + 1)
    planned = planned.merge(
        receipts[["supplier_client_id", "week", "receipt_id"]], on=["supplier_client_id", "week"]
    )
    planned = planned.sort_values(["receipt_id", "product_index"], kind="stable").reset_index(
        drop=True
    )
    return receipts, planned


def _choose_office_owned(cost: np.ndarray, owned_share: float) -> np.ndarray:
    """Pick the office-owned batches so they hold `owned_share` of both count and cost (R4).

    Batches are sorted by cost and cut into equal-count strata, one per owned batch; from
    each stratum the batch closest to the stratum's mean cost is taken, so the owned set
    carries the same share of cost as of count.
    """
    count = len(cost)
    owned_count = round(owned_share * count)
    owned = np.zeros(count, dtype=bool)
    if owned_count == 0:
        return owned
    order = np.argsort(cost, kind="stable")
    bounds = np.linspace(0, count, owned_count + 1).round().astype(int)
    for low, high in itertools.pairwise(bounds):
        stratum = order[low:high]
        if len(stratum) == 0:
            continue
        closest = stratum[np.argmin(np.abs(cost[stratum] - cost[stratum].mean()))]
        owned[closest] = True
    return owned


def generate(
    params: SeedParams,
    reference: dict[str, pd.DataFrame],
    clients: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """The procure side of a run: catalog, purchase orders, intake, lots, batches and bills.

    Args:
        params: The run's parameters.
        reference: The reference family's frames (users, workflow_statuses are read).
        clients: The clients family's frames (vendors, supplier_profiles are read).

    Returns:
        Frames for strains, categories, subcategories, brands, products, purchaseOrders,
        purchaseOrderItems, intake_sessions, intake_session_batches, lots, batches,
        batch_status_history, inventoryMovements (INTAKE rows), bills and billLineItems.
    """
    frames = catalog.generate(params, clients)
    products = frames["products"]
    rng = stream(params.seed, STREAMS, "receipts")
    planned = _planned_receipts(params, products, rng)
    receipts, planned = _group_receipts(params, planned, products, rng)

    owners, floor = staff_ids(reference["users"])
    workflow = workflow_ids(reference["workflow_statuses"])
    profiles = clients["supplier_profiles"]
    vendor_of_client = dict(
        zip(
            profiles["client_id"].astype(int), profiles["legacy_vendor_id"].astype(int), strict=True
        )
    )
    vendors = clients["vendors"]
    vendor_terms = dict(
        zip(vendors["id"].astype(int), vendors["paymentTerms"].astype(str), strict=True)
    )

    # --- batches -----------------------------------------------------------------------
    batch_rng = stream(params.seed, STREAMS, "batches")
    count = len(planned)
    batch_ids = np.arange(1, count + 1)
    classes = planned["class_key"].to_numpy()
    list_price = np.array([CLASS_BY_KEY[k].list_price for k in classes])
    low = np.array([CLASS_BY_KEY[k].cogs_low for k in classes])
    high = np.array([CLASS_BY_KEY[k].cogs_high for k in classes])
    unit_cogs = np.round(list_price * batch_rng.uniform(low, high), 2)
    quantity = planned["quantity"].to_numpy()
    cost = quantity * unit_cogs
    owned = _choose_office_owned(cost, 1.0 - params.consigned_batch_share)

    receipt_of_batch = planned["receipt_id"].to_numpy() - 1
    received_at = receipts["received_at"].to_numpy()[receipt_of_batch]
    received_at = pd.DatetimeIndex(received_at)
    supplier_client = receipts["supplier_client_id"].to_numpy()[receipt_of_batch]
    vendor_id = np.array([vendor_of_client[c] for c in supplier_client])
    owned_terms = [OWNED_TERMS.get(vendor_terms[v], DEFAULT_OWNED_TERMS) for v in vendor_id]
    payment_terms = np.where(owned, [t[0] for t in owned_terms], "CONSIGNMENT")

    # Workflow: queue on arrival, checked within hours, lab-tested, ready the next day.
    to_check = pd.to_timedelta(batch_rng.integers(30, 180, count), unit="min")
    to_lab = to_check + pd.to_timedelta(batch_rng.integers(60, 240, count), unit="min")
    to_ready = to_lab + pd.to_timedelta(batch_rng.integers(16 * 60, 30 * 60, count), unit="min")
    checked_at = received_at + to_check
    lab_at = received_at + to_lab
    ready_at = received_at + to_ready

    # A few recent batches fail a check or wait on paperwork: held whole, never offered.
    recent = np.flatnonzero(received_at >= pd.Timestamp(params.end) - pd.Timedelta(days=60))
    held_count = min(len(recent), round(HELD_BATCH_SHARE * count)) if count >= 50 else 0
    held = np.zeros(count, dtype=bool)
    quarantined = np.zeros(count, dtype=bool)
    if held_count:
        picked = batch_rng.choice(recent, held_count, replace=False)
        held[picked] = True
        quarantined[picked[: max(1, held_count // 3)]] = True
    batch_status = np.where(quarantined, "QUARANTINED", np.where(held, "ON_HOLD", "LIVE"))
    status_id = np.where(held, workflow["on-hold"], workflow["ready-for-sale"])

    product_ids = products["id"].to_numpy()[planned["product_index"].to_numpy()]
    grow = [CLASS_BY_KEY[k].subcategory for k in classes]
    thc = np.round(batch_rng.uniform(18.0, 31.0, count), 1)
    harvest = [f"H{ts:%y%m}-{i:05d}" for ts, i in zip(received_at, batch_ids, strict=True)]
    metadata = [
        json.dumps(
            {
                "salesClass": key,
                "growType": g if CLASS_BY_KEY[key].is_flower else None,
                "listPrice": CLASS_BY_KEY[key].list_price,
                "uom": CLASS_BY_KEY[key].uom,
                "thcPercent": float(t),
                "harvestCode": h,
                "coa": f"COA-{h}",
            }
        )
        for key, g, t, h in zip(classes, grow, thc, harvest, strict=True)
    ]
    last_change = pd.DatetimeIndex(np.where(held, checked_at, ready_at))
    batches = pd.DataFrame(
        {
            "id": batch_ids,
            "code": [f"BATCH-{i:06d}" for i in batch_ids],
            "version": 1,
            "sku": [
                f"{k}-{ts:%y%m%d}-{i:06d}"
                for k, ts, i in zip(classes, received_at, batch_ids, strict=True)
            ],
            "productId": product_ids,
            "lotId": planned["receipt_id"].to_numpy(),
            "batchStatus": batch_status,
            "isPhotographyComplete": 0,
            "statusId": status_id,
            "grade": batch_rng.choice(
                np.array(["AAA", "AA", "A", "B"]), count, p=[0.2, 0.45, 0.3, 0.05]
            ),
            "isSample": 0,
            "sampleOnly": 0,
            "sampleAvailable": 0,
            "cogsMode": "FIXED",
            "unitCogs": unit_cogs,
            "paymentTerms": payment_terms,
            "ownership_type": np.where(owned, "OFFICE_OWNED", "CONSIGNED"),
            "amountPaid": 0.0,
            "metadata": metadata,
            "onHandQty": quantity.astype(float),
            "sampleQty": 0.0,
            "reservedQty": 0.0,
            "quarantineQty": np.where(quarantined, quantity, 0.0),
            "holdQty": np.where(held & ~quarantined, quantity, 0.0),
            "defectiveQty": 0.0,
            "publishEcom": 0,
            "publishB2b": (~held).astype(int),
            "createdAt": received_at,
            "updatedAt": last_change,
        }
    )

    # --- workflow history ----------------------------------------------------------------
    changed_by = batch_rng.choice(floor, count)
    steps = [
        (None, "intake-queue", received_at, np.ones(count, dtype=bool), "Received at dock"),
        (
            "intake-queue",
            "quality-check",
            checked_at,
            np.ones(count, dtype=bool),
            "Visual and weight check",
        ),
        ("quality-check", "lab-testing", lab_at, ~held, "Sent for COA verification"),
        ("lab-testing", "ready-for-sale", ready_at, ~held, "COA verified, released for sale"),
        (
            "quality-check",
            "on-hold",
            checked_at + pd.Timedelta(minutes=20),
            held,
            "Held pending review",
        ),
    ]
    history_parts = []
    for from_slug, to_slug, when, mask, note in steps:
        history_parts.append(
            pd.DataFrame(
                {
                    "batchId": batch_ids[mask],
                    "fromStatusId": pd.array(
                        np.full(mask.sum(), workflow[from_slug])
                        if from_slug
                        else [None] * int(mask.sum()),
                        dtype="Int64",
                    ),
                    "toStatusId": workflow[to_slug],
                    "changedBy": changed_by[mask],
                    "notes": np.where(
                        quarantined[mask] & (to_slug == "on-hold"),
                        "Quarantined: failed moisture test",
                        note,
                    ),
                    "createdAt": when[mask],
                }
            )
        )
    history = pd.concat(history_parts, ignore_index=True)
    history = history.sort_values(
        ["createdAt", "batchId", "toStatusId"], kind="stable"
    ).reset_index(drop=True)
    history.insert(0, "id", np.arange(1, len(history) + 1))

    # --- receipts: lots, intake sessions, purchase orders -----------------------------------
    receipt_count = len(receipts)
    receipt_ids = receipts["receipt_id"].to_numpy()
    receipt_vendor = np.array([vendor_of_client[c] for c in receipts["supplier_client_id"]])
    received_by = batch_rng.choice(floor, receipt_count)
    receipt_day = receipts["received_at"].dt.normalize()
    per_receipt = pd.DataFrame(
        {
            "receipt": receipt_of_batch,
            "cost": cost,
            "owned": owned,
            "owned_cost": np.where(owned, cost, 0.0),
        }
    )
    totals = per_receipt.groupby("receipt").agg(
        total=("cost", "sum"),
        owned_any=("owned", "any"),
        consigned_all=("owned", lambda s: not s.any()),
        owned_cost=("owned_cost", "sum"),
    )
    total_amount = np.round(totals["total"].to_numpy(), 2)
    session_terms_owned = [
        OWNED_TERMS.get(vendor_terms[v], DEFAULT_OWNED_TERMS) for v in receipt_vendor
    ]
    consigned_all = totals["consigned_all"].to_numpy()
    session_terms = np.where(consigned_all, "CONSIGNMENT", [t[0] for t in session_terms_owned])
    owned_days = np.array([t[1] for t in session_terms_owned])
    completed_at = receipts["received_at"] + pd.to_timedelta(
        batch_rng.integers(45, 150, receipt_count), unit="min"
    )
    lots = pd.DataFrame(
        {
            "id": receipt_ids,
            "code": [f"LOT-{i:06d}" for i in receipt_ids],
            "supplier_client_id": receipts["supplier_client_id"].to_numpy(),
            "vendorId": receipt_vendor,
            "date": receipts["received_at"].to_numpy(),
            "notes": None,
            "createdAt": receipts["received_at"].to_numpy(),
            "updatedAt": receipts["received_at"].to_numpy(),
        }
    )
    intake_sessions = pd.DataFrame(
        {
            "id": receipt_ids,
            "session_number": [
                f"INT-{ts:%Y%m%d}-{i:05d}"
                for ts, i in zip(receipts["received_at"], receipt_ids, strict=True)
            ],
            "vendor_id": receipts["supplier_client_id"].to_numpy(),
            "status": "COMPLETED",
            "receive_date": receipt_day.dt.date.to_numpy(),
            "received_by": received_by,
            "paymentTerms": session_terms,
            "payment_due_date": np.where(
                consigned_all,
                None,
                (receipt_day + pd.to_timedelta(owned_days, unit="D")).dt.date.to_numpy(),
            ),
            "total_amount": total_amount,
            "amount_paid": 0.0,
            "receipt_generated": 1,
            "receipt_generated_at": completed_at.to_numpy(),
            "created_at": receipts["received_at"].to_numpy(),
            "updated_at": completed_at.to_numpy(),
            "completed_at": completed_at.to_numpy(),
        }
    )
    intake_session_batches = pd.DataFrame(
        {
            "id": batch_ids,
            "intake_session_id": planned["receipt_id"].to_numpy(),
            "batch_id": batch_ids,
            "received_qty": quantity.astype(float),
            "unit_cost": unit_cogs,
            "total_cost": np.round(cost, 4),
            "cogs_agreement": np.where(
                owned, "Purchased outright at intake", "Consignment: paid at unit cost once sold"
            ),
            "created_at": received_at,
            "updated_at": received_at,
        }
    )

    po_rng = stream(params.seed, STREAMS, "purchase_orders")
    order_day = receipt_day - pd.to_timedelta(po_rng.integers(3, 11, receipt_count), unit="D")
    created_po = order_day + pd.to_timedelta(
        po_rng.integers(9 * 60, 16 * 60, receipt_count), unit="min"
    )
    sent_at = created_po + pd.to_timedelta(po_rng.integers(10, 120, receipt_count), unit="min")
    confirmed_at = sent_at + pd.to_timedelta(
        po_rng.integers(2 * 60, 24 * 60, receipt_count), unit="min"
    )
    po_order = np.argsort(created_po.to_numpy(), kind="stable")
    po_ids = np.empty(receipt_count, dtype=int)
    po_ids[po_order] = np.arange(1, receipt_count + 1)
    po_numbers = np.empty(receipt_count, dtype=object)
    # The app numbers purchase orders PO-YYYY-NNNN (count in the year, plus one).
    po_numbers[po_order] = counted_numbers(
        "PO", created_po.iloc[po_order].reset_index(drop=True), "%Y", 4
    )
    purchase_orders = (
        pd.DataFrame(
            {
                "id": po_ids,
                "poNumber": po_numbers,
                "supplier_client_id": receipts["supplier_client_id"].to_numpy(),
                "vendorId": receipt_vendor,
                "intakeSessionId": receipt_ids,
                "purchaseOrderStatus": "RECEIVED",
                "orderDate": order_day.dt.date.to_numpy(),
                "expectedDeliveryDate": receipt_day.dt.date.to_numpy(),
                "actualDeliveryDate": receipt_day.dt.date.to_numpy(),
                "subtotal": total_amount,
                "tax": 0.0,
                "shipping": 0.0,
                "total": total_amount,
                "paymentTerms": np.where(
                    consigned_all, "CONSIGNMENT", [t[0] for t in session_terms_owned]
                ),
                "paymentDueDate": intake_sessions["payment_due_date"].to_numpy(),
                "createdBy": po_rng.choice(owners, receipt_count),
                "createdAt": created_po.to_numpy(),
                "updatedAt": receipts["received_at"].to_numpy(),
                "sentAt": sent_at.to_numpy(),
                "confirmedAt": confirmed_at.to_numpy(),
            }
        )
        .sort_values("id")
        .reset_index(drop=True)
    )
    purchase_order_items = pd.DataFrame(
        {
            "id": batch_ids,
            "purchaseOrderId": po_ids[receipt_of_batch],
            "productId": product_ids,
            "quantityOrdered": quantity.astype(float),
            "quantityReceived": quantity.astype(float),
            "cogsMode": "FIXED",
            "unitCost": unit_cogs,
            "totalCost": np.round(cost, 4),
            "supplier_client_id": supplier_client,
            "createdAt": created_po.to_numpy()[receipt_of_batch],
            "updatedAt": received_at,
        }
    )

    # --- INTAKE movements --------------------------------------------------------------------
    movements = (
        pd.DataFrame(
            {
                "batchId": batch_ids,
                "inventoryMovementType": "INTAKE",
                "quantityChange": quantity.astype(float),
                "quantityBefore": 0.0,
                "quantityAfter": quantity.astype(float),
                "referenceType": "INTAKE_SESSION",
                "referenceId": planned["receipt_id"].to_numpy(),
                "notes": "Received on intake",
                "performedBy": received_by[receipt_of_batch],
                "createdAt": received_at,
            }
        )
        .sort_values(["createdAt", "batchId"], kind="stable")
        .reset_index(drop=True)
    )
    movements.insert(0, "id", np.arange(1, len(movements) + 1))

    # --- bills for office-owned stock ----------------------------------------------------------
    billed = np.flatnonzero(totals["owned_any"].to_numpy())
    bill_day = receipt_day.iloc[billed].reset_index(drop=True)
    bill_ids = np.arange(1, len(billed) + 1)
    bill_of_receipt = np.zeros(receipt_count, dtype=int)
    bill_of_receipt[billed] = bill_ids
    owned_rows = np.flatnonzero(owned)
    line_total = np.round(quantity[owned_rows] * unit_cogs[owned_rows], 2)
    bill_lines = pd.DataFrame(
        {
            "id": np.arange(1, len(owned_rows) + 1),
            "billId": bill_of_receipt[receipt_of_batch[owned_rows]],
            "productId": product_ids[owned_rows],
            "lotId": planned["receipt_id"].to_numpy()[owned_rows],
            "description": [
                f"{products['nameCanonical'].iloc[p]} ({code})"
                for p, code in zip(
                    planned["product_index"].to_numpy()[owned_rows],
                    batches["code"].to_numpy()[owned_rows],
                    strict=True,
                )
            ],
            "quantity": quantity[owned_rows].astype(float),
            "unitPrice": unit_cogs[owned_rows],
            "taxRate": 0.0,
            "discountPercent": 0.0,
            "lineTotal": line_total,
            "createdAt": received_at[owned_rows],
        }
    )
    bill_total = (
        bill_lines.groupby("billId")["lineTotal"].sum().reindex(bill_ids).to_numpy().round(2)
    )
    due_day = bill_day + pd.to_timedelta(owned_days[billed], unit="D")
    as_of = pd.Timestamp(params.end)
    bills = pd.DataFrame(
        {
            "id": bill_ids,
            "billNumber": counted_numbers("BILL", bill_day, "%Y", 6),
            "vendorId": receipt_vendor[billed],
            "billDate": bill_day.dt.date.to_numpy(),
            "dueDate": due_day.dt.date.to_numpy(),
            "subtotal": bill_total,
            "taxAmount": 0.0,
            "discountAmount": 0.0,
            "totalAmount": bill_total,
            "amountPaid": 0.0,
            "amountDue": bill_total,
            # Unpaid at intake; the ledger family records payments and moves the status on.
            "status": np.where(due_day.to_numpy() < as_of, "OVERDUE", "PENDING"),
            "paymentTerms": [session_terms_owned[r][0] for r in billed],
            "notes": None,
            "referenceType": "LOT",
            "referenceId": receipt_ids[billed],
            "createdBy": batch_rng.choice(owners, len(billed)),
            "createdAt": completed_at.to_numpy()[billed],
            "updatedAt": completed_at.to_numpy()[billed],
        }
    )

    frames.update(
        {
            "purchaseOrders": purchase_orders,
            "purchaseOrderItems": purchase_order_items,
            "intake_sessions": intake_sessions,
            "intake_session_batches": intake_session_batches,
            "lots": lots,
            "batches": batches,
            "batch_status_history": history,
            "inventoryMovements": movements,
            "bills": bills,
            "billLineItems": bill_lines,
        }
    )
    return frames


FAMILY = Family(
    name="batches",
    description="Stock coming in: catalog, purchase orders, intake, lots, batches, bills.",
    upstream=("reference", "clients"),
    creates=TABLES,
    amends=(),
    build=lambda params, tables: generate(params, tables, tables),
)
