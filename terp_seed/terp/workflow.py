"""TERP's batch workflow: the queue's columns (workflow_statuses slugs) and batch statuses.

The app does not hard-code slugs; the ones TERP seeds (server/scripts/seed-workflow-statuses.ts)
are these, in column order. `batches.batchStatus` is a separate enum: only LIVE is sellable.
"""

INTAKE_QUEUE = "intake-queue"
QUALITY_CHECK = "quality-check"
LAB_TESTING = "lab-testing"
PACKAGING = "packaging"
READY_FOR_SALE = "ready-for-sale"
ON_HOLD = "on-hold"
WORKFLOW_SLUGS = (INTAKE_QUEUE, QUALITY_CHECK, LAB_TESTING, PACKAGING, READY_FOR_SALE, ON_HOLD)

# batches.batchStatus (drizzle batchStatusEnum) and the moves server/constants allows.
BATCH_STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "AWAITING_INTAKE": ("LIVE", "QUARANTINED"),
    "LIVE": ("ON_HOLD", "QUARANTINED", "SOLD_OUT"),
    "ON_HOLD": ("LIVE", "QUARANTINED"),
    "QUARANTINED": ("LIVE", "ON_HOLD", "CLOSED"),
    "SOLD_OUT": ("CLOSED",),
    "CLOSED": (),
}
BATCH_STATUSES = tuple(BATCH_STATUS_TRANSITIONS)
HELD_STATUSES = ("ON_HOLD", "QUARANTINED")
