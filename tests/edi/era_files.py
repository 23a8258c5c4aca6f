"""835 files for the tests and the bench: the sample writer of `officebill.edi.x835_sample`."""
from officebill.edi.x835_sample import PAYER_ID, PAYER_NAME, Clp, Svc, answer, era, m

__all__ = ["PAYER_ID", "PAYER_NAME", "Clp", "Svc", "answer", "era", "m"]
