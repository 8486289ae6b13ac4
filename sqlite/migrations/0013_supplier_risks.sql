-- Why a supplier matters, in the terms of METI's model for choosing the level
-- asked of it (confidential, critical, network-access; any one calls for ★4):
-- a JSON []string, empty for suppliers added before.
ALTER TABLE suppliers ADD COLUMN risks TEXT NOT NULL DEFAULT '[]';
