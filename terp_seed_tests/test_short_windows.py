"""Seeds and as-of dates whose short windows once crashed the chain (light profile).

A window of a day or a fortnight leaves frames empty that longer windows always fill (no
payment, credit, referral, redemption or sheet-led order yet); each case below crashed a
family on such an empty frame. The chain must run, and the empty tables stay empty.
"""

import pytest

from terp_seed.generate import registry
from terp_seed.params import resolve_params
from terp_seed.rules import RuleContext
from terp_seed.rules.orders import share_observable

CASES = [
    # (seed, as-of, months, where it crashed)
    (1, "2025-06-15", None, "invoices/payments.py build_payments: no payment yet"),
    (3, "2025-06-15", None, "orders/returns.py credited_order_numbers: no credit yet"),
    (5, "2025-06-15", None, "invoices/payments.py build_payments: no payment yet"),
    (1, "2026-01-01", None, "invoices/transactions.py refund_events: no credit used"),
    (2, "2025-06-15", None, "customer/points.py build_points_ledger: no redemption"),
    (2, "2026-02-28", None, "customer/shopping.py build_session_cart_items: no session"),
    (4, "2025-10-31", 2, "customer/shopping.py build_sales_sheet_history: no sheet order"),
    (2, "2026-01-01", None, "customer/loyalty.py referrals: no referral"),
]


@pytest.mark.parametrize(("seed", "end", "months", "crashed_in"), CASES)
def test_short_window_runs(seed: int, end: str, months: int | None, crashed_in: str) -> None:
    overrides: dict[str, object] = {"seed": seed, "end": end}
    if months:
        overrides["months"] = months
    tables = registry.merged(registry.run_chain(resolve_params("light", overrides)).values())
    assert "orders" in tables, f"seed {seed} as-of {end}: chain returned no orders ({crashed_in})"
    for table in ("payments", "credits", "invoices"):
        frame = tables[table]
        assert frame["id"].is_unique, f"seed {seed} as-of {end}: {table} ids repeat"


@pytest.mark.parametrize(
    ("end", "months", "observable"),
    [("2026-01-01", None, False), ("2025-06-15", None, True), ("2026-01-01", 2, True)],
)
def test_shares_apply_only_where_orders_are_many(
    end: str, months: int | None, observable: bool
) -> None:
    overrides: dict[str, object] = {"end": end, **({"months": months} if months else {})}
    context = RuleContext(resolve_params("light", overrides))
    assert share_observable(context) is observable, f"as-of {end} months {months}"
