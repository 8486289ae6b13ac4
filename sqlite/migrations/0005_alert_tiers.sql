-- 0005: alerts and signals; every alert names its tenant.
--
-- tier is 'alert' (a person should look) or 'signal' (stored and searchable,
-- not pushed at anyone); alerts stored before this migration were all shown
-- as alerts and stay so. tenant is the customer (of an MSP) or company the
-- events came from, 'default' while the CLI has one.

ALTER TABLE alerts ADD COLUMN tier TEXT NOT NULL DEFAULT 'alert' CHECK (tier IN ('alert', 'signal'));
ALTER TABLE alerts ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';
