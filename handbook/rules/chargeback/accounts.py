"""Appendix: buyer account sign-up (001, second half): e-mail words and Alipay bindings."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from handbook.errors import PolicyInputError, kind
from handbook.explain import Explainer, Result

FORBIDDEN_WORDS = "aliexpress.chargeback.buyer_email_forbidden_words"
ACCOUNTS_PER_ALIPAY = "aliexpress.chargeback.buyer_accounts_per_alipay"


@dataclass(frozen=True)
class BuyerEmailCheck(Result):
    email: str
    found: tuple[str, ...]  # forbidden words found, in the parameter's order

    @property
    def acceptable(self) -> bool:
        return not self.found


def check_buyer_email(email: str, *, on: date | None = None) -> BuyerEmailCheck:
    """Whether a buyer account's sign-up e-mail avoids the forbidden words (any case, anywhere in it).

    The address is compared after Unicode NFKC normalisation and case folding, so 'AliExpress' and
    full-width letters count too. The article also advises a mailbox never registered before; that
    cannot be checked here. The address must look like name@domain (one '@', no spaces).
    """
    accepted = "an e-mail address as text, name@domain (one '@', no spaces)"
    if not isinstance(email, str):
        raise PolicyInputError("email", email, accepted, reason=f"{kind(email)}, not an e-mail address")
    text = email.strip()
    name, at, domain = text.partition("@")
    if not at or not name or not domain or "@" in domain or any(c.isspace() for c in text):
        raise PolicyInputError("email", email, accepted, reason="not an e-mail address")
    why = Explainer.of(check_buyer_email, on=on)
    words = list(why.param(FORBIDDEN_WORDS))
    folded = unicodedata.normalize("NFKC", text).casefold()
    found = tuple(w for w in words if w.casefold() in folded)
    why.step(f"Looked for {', '.join(words)} in '{text}', ignoring case.")
    summary = (f"Not accepted: the address contains {', '.join(found)}." if found
               else "Accepted: the address contains none of the forbidden words.")
    return BuyerEmailCheck(email=text, found=found, explanation=why.done(summary))


@dataclass(frozen=True)
class AlipayBindingCheck(Result):
    accounts: dict[str, tuple[str, ...]]  # Alipay account → buyer accounts bound to it (sorted)
    limit: int

    @property
    def conflicts(self) -> dict[str, tuple[str, ...]]:
        """Alipay accounts bound to more buyer accounts than allowed."""
        return {a: b for a, b in self.accounts.items() if len(b) > self.limit}

    @property
    def ok(self) -> bool:
        return not self.conflicts


def check_alipay_bindings(bindings: Iterable[tuple[str, str]], *, on: date | None = None) -> AlipayBindingCheck:
    """Check (buyer account, Alipay account) pairs against the one-Alipay-account rule.

    The article: the same e-mail or phone may register several buyer accounts, but one Alipay account
    may not be bound to several buyer accounts. Accounts are compared after trimming and case folding.
    (The article does not limit how many Alipay accounts one buyer account holds; neither does this.)
    """
    accepted = "pairs of non-empty text (buyer account, Alipay account)"
    if isinstance(bindings, (str, bytes)) or not isinstance(bindings, Iterable):
        raise PolicyInputError("bindings", bindings, accepted, reason="not a collection of pairs")
    why = Explainer.of(check_alipay_bindings, on=on)
    limit = why.param(ACCOUNTS_PER_ALIPAY)
    accounts: dict[str, set[str]] = {}
    for pair in bindings:
        if (not isinstance(pair, (tuple, list)) or len(pair) != 2
                or not all(isinstance(x, str) and x.strip() for x in pair)):
            raise PolicyInputError("bindings", pair, accepted, reason="not a pair of account names")
        buyer, alipay = (x.strip().casefold() for x in pair)
        accounts.setdefault(alipay, set()).add(buyer)
    result = {a: tuple(sorted(b)) for a, b in sorted(accounts.items())}
    bad = [a for a, b in result.items() if len(b) > limit]
    why.step(f"{len(result)} Alipay account(s) checked; each may be bound to at most {limit} buyer account(s).")
    summary = (f"Not allowed: {', '.join(bad)} bound to several buyer accounts." if bad
               else "Allowed: no Alipay account is bound to more than one buyer account.")
    return AlipayBindingCheck(accounts=result, limit=limit, explanation=why.done(summary))
