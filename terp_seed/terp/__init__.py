"""TERP's vocabulary: what the app is, below both generation and rules.

The app's number formats, enums, chart of accounts, terms and aging buckets, price list, roles,
permissions and feature flags, as facts read from TERP's code (shared/terp/app/). Generators
use them to write what TERP would write; rules use them to check any TERP database. Nothing
here imports `terp_seed.generate` or `terp_seed.rules`.
"""
