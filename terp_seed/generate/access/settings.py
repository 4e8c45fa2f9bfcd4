"""What the app reads to decide what to show: flags, organization settings, preferences."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from terp_seed.terp.access import ORGANIZATION_SETTINGS, feature_flags


def build_feature_flags(
    created: pd.Timestamp, settings: Sequence[tuple[str, bool]] = ()
) -> pd.DataFrame:
    """TERP's server flag list as its admin seeder writes it, with the staff file's settings.

    TERP treats a missing flag as off, so without these rows the Leaderboard and other
    screens are hidden. The list enables every screen; it keeps only sms-enabled off (it
    sends real text messages). A staff file may switch any flag.
    """
    flags = feature_flags()
    chosen = dict(settings)
    enabled = [chosen.get(flag["key"], bool(flag["default_enabled"])) for flag in flags]
    system = [bool(flag["system_enabled"]) or chosen.get(flag["key"], False) for flag in flags]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(flags) + 1),
            "key": [flag["key"] for flag in flags],
            "name": [flag["name"] for flag in flags],
            "description": [flag["description"] for flag in flags],
            "module": [flag["module"] for flag in flags],
            "system_enabled": np.array(system, dtype=int),
            "default_enabled": np.array(enabled, dtype=int),
            "depends_on": [flag["depends_on"] for flag in flags],
            "metadata": None,
            "created_at": created,
            "updated_at": created,
            "deleted_at": None,
        }
    )


def build_organization_settings(created: pd.Timestamp) -> pd.DataFrame:
    """The settings TERP reads, as the owners saved them; the publish marker's key stays free."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(ORGANIZATION_SETTINGS) + 1),
            "setting_key": [row[0] for row in ORGANIZATION_SETTINGS],
            "setting_value": [row[1] for row in ORGANIZATION_SETTINGS],
            "setting_type": [row[2] for row in ORGANIZATION_SETTINGS],
            "description": None,
            "is_active": 1,
            "scope": [row[3] for row in ORGANIZATION_SETTINGS],
            "created_at": created,
            "updated_at": created,
        }
    )


def build_user_preferences(
    users: pd.DataFrame, jobs: pd.Series, locations: pd.DataFrame
) -> pd.DataFrame:
    """One preferences row per seeded staff member (the order screens read it).

    Inventory and warehouse staff start their screens at the main warehouse's first bin.
    """
    staff = users[users["id"].isin(jobs.index)].sort_values("id")
    floor = jobs.reindex(staff["id"]).isin(["inventory", "warehouse"]).to_numpy()
    home = int(locations["id"].min())
    return pd.DataFrame(
        {
            "id": np.arange(1, len(staff) + 1),
            "user_id": staff["id"].to_numpy(),
            "default_warehouse_id": pd.array(np.where(floor, home, None), dtype="Int64"),
            "default_location_id": pd.array(np.where(floor, home, None), dtype="Int64"),
            "show_cogs_in_orders": 1,
            "show_margin_in_orders": 1,
            "show_grade_field": 1,
            "hide_expected_delivery": 0,
            "created_at": staff["createdAt"].to_numpy(),
            "updated_at": staff["createdAt"].to_numpy(),
        }
    )
