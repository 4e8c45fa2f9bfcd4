"""The app's document numbers: how TERP spells each numbered column, and where it counts them.

TERP numbers documents from counters in `sequences` (`name` = e.g. `invoice_2025`,
`currentValue` = the last number issued), or by counting the period's rows, or (credits) from
the highest existing number with a prefix. Generators write these formats; rules check them.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class NumberFormat:
    """How the app numbers one kind of document.

    Attributes:
        table: The table holding the numbers.
        column: The column holding them.
        pattern: A regex with named groups `period` (optional) and `n` (the counter).
        sql_like: A LIKE pattern every number of this kind matches (SQLite and MySQL).
        sequence: The `sequences.name` the app draws the next number from (`{period}`
            filled in), or None where the app counts instead.
        prefix: The `sequences.prefix` the app prepends (`{period}` filled in).
        gapless: Whether numbers without a sequence run 1..count per period (False where
            the app makes them unique otherwise, e.g. from the clock).
    """

    table: str
    column: str
    pattern: str
    sql_like: str
    sequence: str | None = None
    prefix: str = ""
    gapless: bool = True

    @property
    def counted(self) -> bool:
        """The app issues "rows in the period + 1": numbers must run 1..count with no gap."""
        return self.sequence is None and self.gapless


# Read from TERP's code: invoices and bills from yearly `sequences` rows (arApDb), lots and
# batches from `lot_code` / `batch_code`; purchase orders, payments and vendor payables by
# counting the period's rows.
NUMBER_FORMATS: tuple[NumberFormat, ...] = (
    NumberFormat(
        "invoices",
        "invoiceNumber",
        r"^INV-(?P<period>\d{4})-(?P<n>\d{6})$",
        "INV-____-______",
        "invoice_{period}",
        "INV-{period}-",
    ),
    NumberFormat(
        "bills",
        "billNumber",
        r"^BILL-(?P<period>\d{4})-(?P<n>\d{6})$",
        "BILL-____-______",
        "bill_{period}",
        "BILL-{period}-",
    ),
    NumberFormat("lots", "code", r"^LOT-(?P<n>\d{6})$", "LOT-______", "lot_code", "LOT-"),
    NumberFormat(
        "batches", "code", r"^BATCH-(?P<n>\d{6})$", "BATCH-______", "batch_code", "BATCH-"
    ),
    NumberFormat(
        "purchaseOrders", "poNumber", r"^PO-(?P<period>\d{4})-(?P<n>\d{4})$", "PO-____-____"
    ),
    NumberFormat(
        "payments",
        "paymentNumber",
        r"^PMT-(?P<period>\d{6})-(?P<n>\d{5})$",
        "PMT-______-_____",
    ),
    NumberFormat(
        "vendor_payables",
        "payable_number",
        r"^PAY-(?P<period>\d{6})-(?P<n>\d{5})$",
        "PAY-______-_____",
    ),
    # Credits: the next number after the highest with the prefix (creditsDb), CR from the
    # credits router, CR-RTN from returns.
    NumberFormat("credits", "creditNumber", r"^CR-(?P<n>\d{5})$", "CR-_____"),
    NumberFormat("credits", "creditNumber", r"^CR-RTN-(?P<n>\d{5})$", "CR-RTN-_____"),
    # Transactions: an invoice's row carries its invoice number; refunds are numbered from the
    # clock (REF-<epoch ms>-<9 base-36 characters>); write-offs are counted (WO-00001).
    NumberFormat(
        "transactions",
        "transactionNumber",
        r"^INV-(?P<period>\d{4})-(?P<n>\d{6})$",
        "INV-____-______",
    ),
    NumberFormat(
        "transactions",
        "transactionNumber",
        r"^REF-(?P<n>\d{13})-[0-9a-z]{9}$",
        "REF-_____________-_________",
        gapless=False,
    ),
    # Bad-debt write-offs: WO- and the next 5-digit counter (badDebtDb).
    NumberFormat("transactions", "transactionNumber", r"^WO-(?P<n>\d{5})$", "WO-_____"),
)

# A refund's number: REF-<epoch milliseconds>-<9 random base-36 characters> (routers/refunds).
REFUND_NUMBER_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
REFUND_NUMBER_SUFFIX = 9
