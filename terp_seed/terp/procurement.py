"""TERP's procurement vocabulary: intake receipts, their verification, supplier listings.

From server/routers/intakeReceipts.ts: receipts are numbered `IR-YYYY-NNNNN`, counted per
calendar year; a receipt moves PENDING -> FARMER_VERIFIED -> STACKER_VERIFIED -> FINALIZED (or
DISPUTED when a count differs), its items PENDING -> VERIFIED or DISCREPANCY, and a discrepancy
is resolved ACCEPTED, ADJUSTED or REJECTED.
"""

RECEIPT_PREFIX = "IR"
RECEIPT_NUMBER_REGEX = r"^IR-\d{4}-\d{5}$"
RECEIPT_STATUSES = ("PENDING", "FARMER_VERIFIED", "STACKER_VERIFIED", "FINALIZED", "DISPUTED")
ITEM_VERIFICATION = ("PENDING", "VERIFIED", "DISCREPANCY")
DISCREPANCY_RESOLUTIONS = ("ACCEPTED", "ADJUSTED", "REJECTED")
# Two quantities differ when they differ by more than this (the app's own float tolerance).
QUANTITY_EPSILON = 0.0001


def receipt_number(year: int, count: int) -> str:
    """The receipt number the app gives the `count`-th receipt of `year`."""
    return f"{RECEIPT_PREFIX}-{year}-{count:05d}"
