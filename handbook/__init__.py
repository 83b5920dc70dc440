"""An executable operations handbook for sellers on Pinduoduo, AliExpress and 1688.

- `handbook.policy` — every policy figure as a dated, sourced parameter.
- `handbook.rules` — pure rules, one module per policy area; every result has `explain()`.
- `handbook.widgets` / `handbook.plots` — thin views over the rules.
- `handbook.areas` — the policy areas in training order.

Importing `handbook` is cheap: submodules load when used.
"""

__version__ = "0.1.0"
