"""Batch audits of real order exports with the handbook's rules, run unchanged over every row.

- `audit_fake_shipping(path, rule=..., on=...)` → `FakeShippingAudit` (exposure per product and day,
  via `handbook.rules.fake_shipping.exposure`);
- `audit_quota(path)` → `QuotaAudit` (customs outcome per order, via `handbook.rules.customs.check_quota`);
- `load(path, fields)` → `Loaded` (accepted rows, rejects with line numbers, counts);
- `reports.write_table(frame, path)` writes CSV/XLSX reports safe to open in Excel.

The command line is `python -m handbook audit ...` (see `handbook.__main__`); the upload widget is
`handbook.widgets.audit.fake_shipping_upload`. Submodules: `columns` (the header mapping), `reading`
(encodings, CSV/XLSX, line numbers), `validation` (what each field accepts), `safety` (formula
injection), `reports`, `summary`, `synthetic` (seeded exports for benchmarks and tests).
"""

from handbook.audit.fake_shipping import FakeShippingAudit, audit_fake_shipping
from handbook.audit.loading import Loaded, load
from handbook.audit.quota import QuotaAudit, audit_quota

__all__ = ["FakeShippingAudit", "Loaded", "QuotaAudit", "audit_fake_shipping", "audit_quota", "load"]
