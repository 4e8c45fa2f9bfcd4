"""TERP's vocabulary for collecting money and chasing it: receipts, credit audit, payable alerts.

Facts from TERP's source (commit b2e16915): `server/routers/receipts.ts` numbers receipts
`RCP-{year}-{NNNNNN}`, a sequence per calendar year; `server/creditEngine.ts`
(`setManualCreditLimit`) logs a MANUAL_OVERRIDE in `credit_audit_log` with the old and the new
limit; `server/services/payablesService.ts` writes `payable_notifications` to the accounting
role: PAYABLE_DUE once a consigned batch sells out and its grace period ends, OVERDUE from the
daily job for a payable still DUE after its due date.
"""

RECEIPT_PREFIX = "RCP"
# SQL LIKE / regex shape of a receipt number.
RECEIPT_NUMBER_REGEX = r"^RCP-[0-9]{4}-[0-9]{6}$"
RECEIPT_TYPES = ("PAYMENT", "CREDIT", "ADJUSTMENT", "STATEMENT")
# The role payablesService addresses its notifications to.
PAYABLE_NOTICE_ROLE = "accounting"
PAYABLE_DUE = "PAYABLE_DUE"
PAYABLE_OVERDUE = "OVERDUE"
MANUAL_OVERRIDE = "MANUAL_OVERRIDE"


def receipt_number(year: int, sequence: int) -> str:
    """A receipt number as receipts.generate makes it: `RCP-2025-000001`."""
    return f"{RECEIPT_PREFIX}-{year}-{sequence:06d}"


def payable_due_subject(payable_number: str, batch_sku: str) -> str:
    """The subject of the notice that a consignment payable fell due."""
    return f"Payable Due: {payable_number} for {batch_sku}"


def payable_due_message(amount_due: float, vendor_name: str, batch_sku: str) -> str:
    """The body of the PAYABLE_DUE notice, as payablesService words it."""
    return (
        f"A payable of ${amount_due:.2f} is now due to {vendor_name} for batch {batch_sku}. "
        "The inventory has been fully sold."
    )


def payable_overdue_subject(payable_number: str) -> str:
    """The subject of the daily job's OVERDUE notice."""
    return f"OVERDUE: Payable {payable_number}"


def payable_overdue_message(amount_due: float, vendor_name: str, due_date: str) -> str:
    """The body of the OVERDUE notice, as payablesService words it."""
    return (
        f"A payable of ${amount_due:.2f} to {vendor_name} is now overdue. Due date was {due_date}."
    )


# Dispute statuses: the two the app's resolve mutation ends in, and the ones still being worked.
DISPUTE_SETTLED = ("RESOLVED", "REJECTED")
DISPUTE_STANDING = ("OPEN", "UNDER_REVIEW", "ESCALATED")
DISPUTE_NUMBER_REGEX = r"^DSP-[0-9]{6}-[0-9]{5}$"


def dispute_number(year: int, month: int, sequence: int) -> str:
    """A dispute number as invoiceDisputes.create makes it: `DSP-202510-00001`."""
    return f"DSP-{year}{month:02d}-{sequence:05d}"
