"""officebill-cli codes ...: placeholder until the codes work lands."""


def register(sub) -> None:
    """Adds the codes command group."""
