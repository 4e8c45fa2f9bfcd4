"""Client needs: what a buyer asked for, and the order that filled it.

A buyer calls with a need ("20 lb of Blue Dream, AA or better, under $1,500"); staff log it,
and when the stock is there the order that fills it carries `orders.client_need_id`. Needs
still open at as-of are the buyers' favourite strains they have not ordered since asking.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.world import World, minutes, numbered, to_json

# Share of sales orders placed to fill a need logged days before.
FILLED_SHARE = 0.05
# Share of buyers with a need open at as-of.
OPEN_SHARE = 0.4
STRAIN_TYPES = {"Indica": "INDICA", "Sativa": "SATIVA", "Hybrid": "HYBRID"}


def _first_lines(world: World) -> pd.DataFrame:
    """Each order's first line with its product, strain and grade."""
    tables = world.tables
    lines = tables["order_line_items"].sort_values(["order_id", "id"]).drop_duplicates("order_id")
    batches = tables["batches"].set_index("id")
    products = tables["products"].set_index("id")
    strains = tables["strains"].set_index("id")
    product = lines["batch_id"].map(batches["productId"])
    strain = product.map(products["strainId"])
    return pd.DataFrame(
        {
            "order_id": lines["order_id"].to_numpy(),
            "batch_id": lines["batch_id"].to_numpy(),
            "strainId": strain.astype("Int64").to_numpy(),
            "strain": strain.map(strains["name"]).to_numpy(),
            "strain_type": strain.map(strains["category"]).map(STRAIN_TYPES).to_numpy(),
            "product_name": lines["product_display_name"].to_numpy(),
            "category": product.map(products["category"]).to_numpy(),
            "subcategory": product.map(products["subcategory"]).to_numpy(),
            "grade": lines["batch_id"].map(batches["grade"]).to_numpy(),
            "unit": product.map(products["uomSellable"]).fillna("unit").str.lower().to_numpy(),
            "quantity": lines["quantity"].to_numpy(),
            "unit_price": lines["unit_price"].to_numpy(),
        }
    )


def _filled_needs(world: World) -> pd.DataFrame:
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    sales = sales[sales["fulfillmentStatus"] != "CANCELLED"]
    rng = world.rng("filled_needs")
    chosen = sales[rng.random(len(sales)) < FILLED_SHARE]
    chosen = chosen.merge(_first_lines(world), left_on="id", right_on="order_id")
    asked = chosen["created_at"] - minutes(rng, 24 * 60, 10 * 24 * 60, len(chosen))
    opened = chosen["client_id"].map(world.tables["clients"].set_index("id")["created_at"])
    chosen = chosen.assign(asked=asked)[asked > opened]
    return pd.DataFrame(
        {
            "client_id": chosen["client_id"].to_numpy(),
            "created_at": chosen["asked"].to_numpy(),
            "created_by": chosen["created_by"].to_numpy(),
            "status": "FULFILLED",
            "fulfilled_at": chosen["created_at"].to_numpy(),
            "needed_by": (chosen["created_at"].dt.normalize() + pd.Timedelta(days=7)).dt.date,
            "expires_at": chosen["asked"].dt.normalize() + pd.Timedelta(days=30),
            "_order": chosen["id"].to_numpy(),
            **{c: chosen[c].to_numpy() for c in _first_lines_columns()},
        }
    )


def _first_lines_columns() -> tuple[str, ...]:
    return (
        "strainId",
        "strain",
        "strain_type",
        "product_name",
        "category",
        "subcategory",
        "grade",
        "quantity",
        "unit_price",
        "unit",
        "batch_id",
    )


def _open_needs(world: World) -> pd.DataFrame:
    """A buyer's favourite strain, asked for lately and not ordered since."""
    orders = world.tables["orders"]
    sales = orders[(orders["orderType"] == "SALE") & (orders["is_draft"] == 0)]
    bought = sales[["id", "client_id", "created_at", "created_by"]].merge(
        _first_lines(world), left_on="id", right_on="order_id"
    )
    counts = bought.groupby(["client_id", "strainId"]).size().rename("n").reset_index()
    favourite = counts.sort_values(["client_id", "n", "strainId"], ascending=[True, False, True])
    favourite = favourite.drop_duplicates("client_id")
    rng = world.rng("open_needs")
    favourite = favourite[rng.random(len(favourite)) < OPEN_SHARE]
    asked = (
        world.cutoff.normalize()
        + pd.Timedelta(hours=10)
        - minutes(rng, 0, 20 * 24 * 60, len(favourite))
    )
    favourite = favourite.assign(asked=asked.to_numpy())
    last = bought.sort_values("created_at").drop_duplicates(["client_id", "strainId"], keep="last")
    pick = favourite.merge(last, on=["client_id", "strainId"])
    pick = pick[pick["created_at"] < pick["asked"]]
    return pd.DataFrame(
        {
            "client_id": pick["client_id"].to_numpy(),
            "created_at": pick["asked"].to_numpy(),
            "created_by": pick["created_by"].to_numpy(),
            "status": "ACTIVE",
            "fulfilled_at": pd.NaT,
            "needed_by": (pick["asked"].dt.normalize() + pd.Timedelta(days=14)).dt.date,
            "expires_at": pick["asked"].dt.normalize() + pd.Timedelta(days=30),
            "_order": pd.NA,
            **{c: pick[c].to_numpy() for c in _first_lines_columns()},
        }
    )


def build_client_needs(world: World) -> pd.DataFrame:
    """Needs filled by a later order, and needs still open at as-of."""
    needs = pd.concat([_filled_needs(world), _open_needs(world)], ignore_index=True)
    quantity = needs.pop("quantity").astype(float)
    price = needs.pop("unit_price").astype(float)
    needs["quantity_min"] = np.floor(quantity * 0.8).clip(lower=1.0)
    needs["quantity_max"] = np.ceil(quantity * 1.2)
    needs["price_max"] = (np.ceil(price * 1.05)).round(2)
    needs["priority"] = np.where(quantity >= quantity.quantile(0.75), "HIGH", "MEDIUM")
    unit = needs.pop("unit")
    needs = needs.rename(columns={"batch_id": "_batch"})
    needs["notes"] = [
        f"Looking for {lo:,.0f}-{hi:,.0f} {u} of {s}, up to ${p:,.2f} per {u}."
        for lo, hi, u, s, p in zip(
            needs["quantity_min"],
            needs["quantity_max"],
            unit,
            needs["strain"],
            needs["price_max"],
            strict=True,
        )
    ]
    needs["updated_at"] = needs["fulfilled_at"].fillna(needs["created_at"])
    needs["created_by"] = needs["created_by"].astype("int64")
    return numbered(needs, ["created_at", "client_id"])


def amend_orders(world: World, needs: pd.DataFrame) -> pd.DataFrame:
    """Orders with `client_need_id` set on those placed to fill a need."""
    orders = world.tables["orders"].copy()
    filled = needs.dropna(subset=["_order"])
    need_of = pd.Series(filled["id"].to_numpy(), index=filled["_order"].astype("int64"))
    orders["client_need_id"] = orders["id"].map(need_of).astype("Int64")
    return orders


def build_match_records(world: World, needs: pd.DataFrame) -> pd.DataFrame:
    """The match TERP's needs matcher found for each filled need: the batch the order took.

    The match appears once both the need and the batch exist; staff acted on it by placing
    the order, which is the sale it resulted in.
    """
    filled = needs.dropna(subset=["_order"])
    orders = world.tables["orders"].set_index("id")
    received = world.tables["batches"].set_index("id")["createdAt"]
    order_ids = filled["_order"].astype("int64")
    placed = order_ids.map(orders["created_at"])
    rng = world.rng("match_delay")
    found = np.maximum(filled["created_at"], filled["_batch"].map(received))
    found = np.minimum(found + minutes(rng, 5, 120, len(filled)), placed)
    return pd.DataFrame(
        {
            "id": np.arange(1, len(filled) + 1, dtype="int64"),
            "client_need_id": filled["id"].to_numpy(),
            "client_id": filled["client_id"].to_numpy(),
            "inventory_batch_id": filled["_batch"].astype("int64").to_numpy(),
            "match_type": "EXACT",
            "confidence_score": rng.integers(8500, 10001, len(filled)) / 100,
            "match_reasons": to_json(
                [f"Strain: {strain}", f"Grade: {grade}", "Within price limit"]
                for strain, grade in zip(filled["strain"], filled["grade"], strict=True)
            ),
            "user_action": "CREATED_QUOTE",
            "actioned_at": placed.to_numpy(),
            "actioned_by": order_ids.map(orders["created_by"]).astype("int64").to_numpy(),
            "resulted_in_sale": 1,
            "sale_order_id": order_ids.to_numpy(),
            "created_at": found.to_numpy(),
        }
    )
