-- Components carry a CPE name (an SBOM's cpe, a cloud engine's product) so
-- that advisories naming products by CPE (JVN, CSAF, NVD-style) can be
-- matched to them. Advisories' CPEs are indexed in vuln_affected under the
-- ecosystem "cpe" with the name "part:vendor:product".
ALTER TABLE vuln_components ADD COLUMN cpe TEXT NOT NULL DEFAULT '';
