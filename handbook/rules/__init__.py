"""Pure policy rules, one module per policy area. Each returns a result with `explain()`."""
