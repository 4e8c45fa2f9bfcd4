from collections.abc import Mapping

from terp_seed.defs.family import family_asset, table
from terp_seed.generate.family import Frames, Tables
from terp_seed.params import SeedParams


def _figures(frames: Frames, tables: Tables, params: SeedParams) -> Mapping[str, object]:
    alerts = frames["inventoryAlerts"]
    by_kind = alerts.groupby(["inventoryAlertType", "alertSeverity"]).size()
    return {
        "open stock alerts": len(alerts),
        "stock alerts": table(
            [
                {"alert": kind, "severity": severity, "batches": int(n)}
                for (kind, severity), n in by_kind.items()
            ]
        ),
        "saved inventory views": len(frames["inventoryViews"]),
    }


backoffice = family_asset("backoffice", _figures)
