"""officebill-cli claims ...: placeholder until the claims work lands."""


def register(sub) -> None:
    """Adds the claims command group."""
