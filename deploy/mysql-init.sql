-- A second schema for Dagster's own storage, beside the `terp` database being seeded.
CREATE DATABASE IF NOT EXISTS dagster;
GRANT ALL PRIVILEGES ON dagster.* TO 'terp'@'%';
-- The seed writes into a sibling shadow schema (terp__next) and swaps it in.
GRANT ALL PRIVILEGES ON `terp\_\_%`.* TO 'terp'@'%';
FLUSH PRIVILEGES;
