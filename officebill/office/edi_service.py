"""`office.edi`: 837P claim files for the clearinghouses, and the batches written.

`export_837` checks the chosen claims, takes the control numbers (a write of
their own: once taken they are never given out again, whatever happens next),
writes one file per clearinghouse outside the write lock (temporary file,
fsync, rename), and only then records each batch and marks its claims sent, in
one transaction. If a file cannot be written, or a claim changed meanwhile, the
files of this export are removed and nothing is recorded.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from ..core.claim import Claim
from ..core.edi import ControlNumbers, EdiBatch
from ..core.identifiers import check_npi
from ..core.money import Money
from ..core.problems import UserError
from ..core.records import ClaimStatus
from ..edi.x837p import write_837p
from ..storage.durable import write_private_file
from .changes import Area, Outcome
from .service import Service

INTERCHANGE = "isa13"  # the counter names in control_numbers
GROUP = "gs06"


class EdiService(Service):
    """Electronic claims out: 837P files and their batches."""

    def batches(self, limit: int = 200) -> list[EdiBatch]:
        """The 837P files written, newest first."""
        return self._stores.edi.batches(limit)

    def batch(self, batch_id: int) -> EdiBatch | None:
        return self._stores.edi.batch(batch_id)

    def sendable(self) -> dict[int, list[int]]:
        """The ready claims whose payer goes through a clearinghouse, by clearinghouse id (reading only)."""
        routes = self._stores.edi.payer_routes()
        found: dict[int, list[int]] = defaultdict(list)
        for claim in sorted(self._stores.claims.list((ClaimStatus.READY.value,)), key=lambda c: c.id):
            route = routes.get(claim.payer.id)
            if route is not None:
                found[route].append(claim.id)
        return dict(found)

    def export_837(self, out_dir: Path | str, claim_ids: list[int] | None = None, *, all_ready: bool = False,
                   today: date | None = None, now: datetime | None = None) -> Outcome[list[EdiBatch]]:
        """Write the chosen claims (or, with `all_ready`, every ready claim whose payer goes through a clearinghouse)
        into one 837P file per clearinghouse in `out_dir`; record the batches and mark the claims sent."""
        if (claim_ids is None) == (not all_ready):
            raise UserError("Choose the claims to send: give their numbers, or all ready claims.")
        folder = Path(out_dir)
        if not folder.is_dir():
            raise UserError(f"The folder {folder} does not exist; choose an existing folder for the 837P files.")
        today = today or date.today()
        created = now or datetime.combine(today, datetime.now().time().replace(second=0, microsecond=0))
        claims = self._chosen(claim_ids, all_ready, today)
        groups = self._by_clearinghouse(claims)
        profiles = {cid: self._stores.edi.clearinghouses.get(cid) for cid in groups}
        with self._write():  # numbers taken now stay taken, even if what follows fails
            numbers = {cid: ControlNumbers(interchange=self._stores.edi.take(INTERCHANGE),
                                           group=self._stores.edi.take(GROUP)) for cid in groups}
        written: list[tuple[EdiBatch, dict[int, str], Path]] = []
        try:
            for cid, chosen in groups.items():
                controls = numbers[cid]
                path = folder / f"837P-{created:%Y%m%d}-{controls.interchange:09d}.x12"
                try:
                    result = write_837p(chosen, profiles[cid], controls, created, f"{controls.interchange}")
                except ValueError as exc:
                    raise UserError(f"The 837P file for {profiles[cid].name} could not be made: {exc}.") from exc
                write_private_file(path, result.text.encode("ascii"), replace_old=False)
                batch = EdiBatch(clearinghouse_id=cid, clearinghouse_name=profiles[cid].name, created=created,
                                 file_name=str(path), interchange_control=controls.interchange,
                                 group_control=controls.group, claim_ids=tuple(c.id for c in chosen),
                                 payer_names=tuple(dict.fromkeys(c.payer.name for c in chosen)),
                                 total=Money.total(c.total for c in chosen))
                written.append((batch, result.transaction_controls, path))
            recorded = self._record(written, claims, today)
        except BaseException:
            for _batch, _controls, path in written:
                path.unlink(missing_ok=True)
            raise
        return recorded

    def _chosen(self, claim_ids: list[int] | None, all_ready: bool, today: date) -> list[Claim]:
        """The claims to send, checked now; refused as a whole when any has errors or cannot be sent."""
        office, store = self._office, self._stores.claims
        if all_ready:
            office.claims.check(None, today=today)
            wanted = [i for ids in self.sendable().values() for i in ids]
            if not wanted:
                raise UserError("No ready claim goes to a payer sent through a clearinghouse; route payers under "
                                "Setup > Clearinghouses, or see what needs attention: officebill-cli claims check")
        else:
            wanted = list(dict.fromkeys(claim_ids))
            if not wanted:
                raise UserError("Give the numbers of the claims to send.")
        findings = office.claims.check(wanted, today=today).value
        claims = [store.get(i) for i in wanted]
        missing = [i for i, c in zip(wanted, claims) if c is None]
        if missing:
            raise UserError(f"No claim has the number {missing[0]}; list them with: officebill-cli claims list")
        blocked = [c.id for c in claims if not c.status.can_send or any(f.is_error for f in findings.get(c.id, []))]
        if blocked:
            raise UserError(f"Claim(s) {', '.join(map(str, blocked))} have errors, or are not ready to send (void, "
                            "replaced or printed); fix what the check reports, then send again.")
        return claims

    def _by_clearinghouse(self, claims: list[Claim]) -> dict[int, list[Claim]]:
        routes = self._stores.edi.payer_routes()
        groups: dict[int, list[Claim]] = defaultdict(list)
        paper, bad_npi, no_payer_id = [], [], []
        for claim in claims:
            route = routes.get(claim.payer.id)
            if route is None:
                paper.append(claim)
            else:
                groups[route].append(claim)
            if not claim.payer.payer_id.strip():
                no_payer_id.append(claim)
            npis = [claim.practice.npi, claim.provider.npi, claim.facility.npi if claim.facility else "",
                    claim.visit.referring_npi]
            if any(npi and check_npi(npi) for npi in npis):
                bad_npi.append(claim.id)
        if paper:
            names = ", ".join(sorted({c.payer.name for c in paper}))
            raise UserError(f"Claim(s) {', '.join(str(c.id) for c in paper)} go to {names}, which is not sent "
                            "through a clearinghouse; choose its clearinghouse under Setup > Clearinghouses, or print "
                            "those claims.")
        if no_payer_id:
            names = ", ".join(sorted({c.payer.name for c in no_payer_id}))
            raise UserError(f"Claim(s) {', '.join(str(c.id) for c in no_payer_id)} go to {names}, which has no "
                            "electronic payer ID on the claim; enter it on Setup > Payers, then check the claims.")
        if bad_npi:
            raise UserError(f"Claim(s) {', '.join(map(str, bad_npi))} carry an NPI whose check digit is wrong; "
                            "correct it in Setup, then check the claims again.")
        inactive = [cid for cid in groups if not self._stores.edi.clearinghouses.get(cid).active]
        if inactive:
            raise UserError("A payer is routed to a clearinghouse marked inactive; route it to an active one.")
        return dict(groups)

    def _record(self, written, claims: list[Claim], today: date) -> Outcome[list[EdiBatch]]:
        """Record the batches and mark their claims sent, only if no other program changed them meanwhile."""
        store = self._stores.claims
        with self._write(Area.CLAIMS) as write:
            now = {c.id: store.get(c.id) for c in claims}
            moved = [c.id for c in claims if now[c.id] is None or (now[c.id].status, now[c.id].version)
                     != (c.status, c.version)]
            if moved:
                raise UserError(f"Claim(s) {', '.join(map(str, moved))} changed in another window while the files "
                                "were written; nothing was marked sent. Check them, then send again.")
            recorded = []
            for batch, controls, path in written:
                saved = self._stores.edi.add_batch(batch, controls)
                for claim_id in batch.claim_ids:
                    claim = now[claim_id]
                    note = f"sent again in {path.name}" if claim.status is ClaimStatus.SENT else f"sent in {path.name}"
                    store.set_status(claim, ClaimStatus.SENT, note, printed=today)
                recorded.append(replace(saved, payer_names=batch.payer_names))
        return write.outcome(recorded)
