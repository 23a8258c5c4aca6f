"""The books' rules: balances, who owes what, posting checks, aging. Records in, records out; no SQL."""
