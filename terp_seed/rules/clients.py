"""Rules on the clients family: R15 (people) and the counts the profile sets.

Buyers in this business are B2B accounts: a real company name, a dialable phone, no email and
no address. The counts prove the run seeded the buyers, whales and suppliers it was asked for,
each supplier carrying its three linked rows.
"""

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp.terms import WHALE_TAG

# The tables TERP keeps its buyers and suppliers in (suppliers mid-migration: three rows each).
TABLES = (
    "clients",
    "client_payment_terms_config",
    "client_credit_limits",
    "vendors",
    "supplier_profiles",
)

# NANP: area code and exchange start 2-9; the exchange is not N11 (service codes).
NANP_PHONE = r"^\([2-9][0-9]{2}\) [2-9](?!11)[0-9]{2}-[0-9]{4}$"

BUYERS = "SELECT * FROM clients WHERE is_buyer = 1"

# Placeholder names that TERP's own seeders write and no real business has.
_PLACEHOLDER_PATTERNS = ("client %", "buyer %", "customer %", "test%", "company %", "%lorem%")


def _placeholder_names(_: RuleContext) -> str:
    likes = " OR ".join(f"LOWER(name) LIKE '{pattern}'" for pattern in _PLACEHOLDER_PATTERNS)
    return (
        "SELECT id, name FROM clients WHERE is_buyer = 1 AND "
        f"({likes} OR LENGTH(TRIM(name)) < 4) ORDER BY id"
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "R15",
        "buyers_carry_no_email_or_address",
        "Buyers are B2B accounts with neither an email nor an address on file.",
        "violations",
        "SELECT id, name, email, address FROM clients WHERE is_buyer = 1 "
        "AND (email IS NOT NULL OR address IS NOT NULL) ORDER BY id",
        ("clients",),
    ),
    Rule(
        "R15",
        "buyer_names_are_realistic",
        'Buyer names are real-sounding companies, never placeholders like "Client 7".',
        "violations",
        _placeholder_names,
        ("clients",),
    ),
    Rule(
        "R15",
        "buyer_names_are_unique",
        "No two buyers share a name.",
        "violations",
        "SELECT name, COUNT(*) AS buyers FROM clients WHERE is_buyer = 1 "
        "GROUP BY name HAVING COUNT(*) > 1 ORDER BY name",
        ("clients",),
    ),
    Rule(
        "R15",
        "buyer_phones_are_valid",
        "Every buyer has a dialable North American phone number.",
        "regex",
        "SELECT id, name, COALESCE(phone, '') AS phone FROM clients WHERE is_buyer = 1 ORDER BY id",
        ("clients",),
        column="phone",
        regex=NANP_PHONE,
    ),
    Rule(
        "R15",
        "client_codes_are_unique",
        "Every client's TERI code is unique.",
        "violations",
        "SELECT teri_code, COUNT(*) AS clients FROM clients "
        "GROUP BY teri_code HAVING COUNT(*) > 1 ORDER BY teri_code",
        ("clients",),
    ),
    Rule(
        "R15",
        "buyer_count_matches_profile",
        "The run seeded as many buyers as its profile asks for.",
        "row_count",
        BUYERS,
        ("clients",),
        bounds=lambda c: (c.params.buyers, c.params.buyers),
    ),
    Rule(
        "R15",
        "whale_count_matches_profile",
        "The run seeded as many whales (the buyers holding most sales) as its profile asks for.",
        "row_count",
        f"SELECT id FROM clients WHERE is_buyer = 1 AND tags LIKE '%\"{WHALE_TAG}\"%'",
        ("clients",),
        bounds=lambda c: (c.params.whales, c.params.whales),
    ),
    Rule(
        "R15",
        "supplier_count_matches_profile",
        "The run seeded as many suppliers as its profile asks for.",
        "row_count",
        "SELECT id FROM clients WHERE is_seller = 1",
        ("clients",),
        bounds=lambda c: (c.params.suppliers, c.params.suppliers),
    ),
    Rule(
        "R14",
        "suppliers_link_client_vendor_and_profile",
        "Each supplier is a seller client, a legacy vendor and a supplier profile linking both.",
        "violations",
        "SELECT c.id AS client_id, c.name, sp.id AS profile_id, v.id AS vendor_id "
        "FROM clients c LEFT JOIN supplier_profiles sp ON sp.client_id = c.id "
        "LEFT JOIN vendors v ON v.id = sp.legacy_vendor_id "
        "WHERE c.is_seller = 1 AND (sp.id IS NULL OR v.id IS NULL OR v.name <> c.name) "
        "UNION ALL SELECT sp.client_id, NULL, sp.id, sp.legacy_vendor_id FROM supplier_profiles sp "
        "LEFT JOIN clients c ON c.id = sp.client_id WHERE c.id IS NULL OR c.is_seller <> 1",
        ("clients", "supplier_profiles", "vendors"),
    ),
)

RULES = (
    *RULES,
    links_resolve("clients", TABLES),
)
