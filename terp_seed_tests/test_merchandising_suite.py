"""The merchandising suite (R20, R14) on a written light seed, clean and with one row broken."""

import pytest

from terp_seed.rules.merchandising import RULES
from terp_seed_tests.backoffice_suites import (
    assert_only,
    audit,
    corrupt_and_audit,
    written_database,
)

FAMILY = "merchandising"


def test_every_check_passes_on_the_seed():
    results = audit(written_database(), RULES, FAMILY)
    failed = [r.summary() for r in results.values() if not r.passed]
    assert not failed, f"the seeded catalogue breaks {failed}"


BREAKS = {
    "batch_grades_on_the_grade_ladder": "UPDATE batches SET grade = 'Z' WHERE id = 1",
    "product_units_are_terp_unit_types": "UPDATE products SET uomSellable = 'BUSHEL' WHERE id = 1",
    "products_filed_under_their_own_category": (
        "UPDATE product_category_assignments SET is_primary = 0 "
        "WHERE id = (SELECT MIN(id) FROM product_category_assignments WHERE is_primary = 1)"
    ),
    "product_tags_on_real_products_once": "UPDATE productTags SET productId = 999999 WHERE id = 1",
    "strain_type_tags_match_the_strain": (
        "UPDATE productTags SET tagId = (SELECT MIN(t.id) FROM tags t WHERE t.category = 'STRAIN' "
        "AND t.id <> productTags.tagId) WHERE id = (SELECT MIN(pt.id) FROM productTags pt "
        "JOIN tags t ON t.id = pt.tagId WHERE t.category = 'STRAIN')"
    ),
    "merchandising_references_resolve": "UPDATE tagGroups SET createdBy = 999 WHERE id = 1",
}


@pytest.mark.parametrize("check", sorted(BREAKS))
def test_each_break_fails_its_check(tmp_path, check):
    assert_only(corrupt_and_audit(tmp_path, RULES, FAMILY, BREAKS[check]), check)
