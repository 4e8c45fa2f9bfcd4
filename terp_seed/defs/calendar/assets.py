from collections.abc import Mapping

import dagster as dg
import pandas as pd

from terp_seed.defs.family import family_asset
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams
from terp_seed.rules.core import markdown_table

# The calendar's kinds of event as the screens filter them: (module, event type) -> kind.
KINDS = {
    ("CLIENTS", "MEETING"): "client meeting",
    ("ORDERS", "DELIVERY"): "delivery",
    ("VENDORS", "INTAKE"): "vendor appointment",
    ("GENERAL", "OTHER"): "time off",
}


def _kind(events: pd.DataFrame) -> pd.Series:
    pairs = list(zip(events["module"], events["event_type"], strict=True))
    return pd.Series([KINDS.get(pair, "internal") for pair in pairs], index=events.index)


def _per_kind(events: pd.DataFrame) -> list[dict[str, object]]:
    table = pd.crosstab(_kind(events), events["status"])
    return [
        {"kind": kind, **{k: int(v) for k, v in row.items()}}
        for kind, row in table.to_dict("index").items()
    ]


def _per_month(events: pd.DataFrame) -> list[dict[str, object]]:
    month = pd.to_datetime(events["start_date"]).dt.strftime("%Y-%m")
    table = pd.crosstab(month, _kind(events))
    return [
        {"month": m, **{k: int(v) for k, v in row.items()}}
        for m, row in table.to_dict("index").items()
    ]


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    events = frames["calendar_events"]
    entries = frames["time_entries"]
    return {
        "events": len(events),
        "scheduled after as-of": int((events["status"] == "SCHEDULED").sum()),
        "hours clocked": round(float(entries["total_hours_minutes"].sum()) / 60, 1),
        "events per kind": dg.MetadataValue.md(markdown_table(_per_kind(events))),
        "events per month": dg.MetadataValue.md(markdown_table(_per_month(events))),
    }


calendar = family_asset("calendar", _figures)
