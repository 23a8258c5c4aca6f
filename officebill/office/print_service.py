"""`office.printing`: CMS-1500 PDFs of claims (red forms or the full form), previews and printer alignment."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..claims.render import render_alignment_page, render_claims
from ..core.claim import Claim
from ..core.problems import UserError
from ..core.records import ClaimStatus
from ..storage.durable import clean_private_leftovers, write_private_file
from .changes import Area, Outcome
from .service import Service

PRINT_MODES = ("red", "full")
MAX_OFFSET_MM = 25
PRINT_FOLDERS_KEY = "print_folders"  # where claim PDFs were written (checked for leftovers at each open)
MAX_PRINT_FOLDERS = 10


class PrintService(Service):
    """Printing claims; a claim is marked printed in the same step that hands back its PDF."""

    def print_claims(self, claim_ids: list[int] | None = None, mode: str = "red", offset_x_mm: float | None = None,
                     offset_y_mm: float | None = None, today: date | None = None, *,
                     deliver: Callable[[bytes], None]) -> Outcome[tuple[bytes, list[Claim]]]:
        """Check and render the chosen claims (default: all ready), hand the PDF to `deliver`, then mark them printed.

        `deliver` writes the file or feeds the printer, outside the write lock; the claims are marked printed
        only after it returns, and only if no other program changed them meanwhile. If it raises, or any
        claim has errors or is void, no claim is marked. Returns the PDF and the claims."""
        check_mode(mode)
        today = today or date.today()
        claims_service, store = self._office.claims, self._stores.claims
        checked = claims_service.check(None if claim_ids is None else list(claim_ids), today=today)
        if claim_ids is None:
            claims = store.list((ClaimStatus.READY.value,))
            if not claims:
                raise UserError(self._nothing_ready_reason())
        else:
            claims = [store.get(i) for i in claim_ids]
            missing = [i for i, c in zip(claim_ids, claims) if c is None]
            if missing:
                raise UserError(f"No claim has the number {missing[0]}; list them with: officebill-cli claims check")
        _refuse_unprintable(claims)
        pdf = render_claims(claims, mode, *self._offsets(offset_x_mm, offset_y_mm))
        deliver(pdf)  # outside the write lock: a slow printer never holds up another program's saves
        with self._write(Area.CLAIMS) as write:
            write.add(*checked.changes.areas)
            now = [store.get(c.id) for c in claims]
            moved = [c.id for c, n in zip(claims, now) if n is None or n.status != c.status or n.version != c.version]
            if moved:
                raise UserError(f"Claim(s) {', '.join(map(str, moved))} changed in another window while printing; "
                                "nothing was marked printed. Check them, then print again.")
            printed = [store.set_status(c, ClaimStatus.PRINTED,
                                        "reprinted" if c.status == ClaimStatus.PRINTED else f"printed ({mode})",
                                        printed=today) for c in claims]
        return write.outcome((pdf, printed))

    def print_to_file(self, path: Path | str, claim_ids: list[int] | None = None, mode: str = "red",
                      offset_x_mm: float | None = None, offset_y_mm: float | None = None,
                      today: date | None = None) -> Outcome[tuple[bytes, list[Claim]]]:
        """`print_claims` into a PDF file (owner-only), complete and in place before any claim is marked printed.

        An older file at `path` is removed first, so a failed print never leaves one that passes for the new one.
        The folder is remembered, so what a print killed mid-write leaves there is removed at the next open."""
        self._remember_folder(Path(path).resolve().parent)
        return self.print_claims(claim_ids, mode, offset_x_mm, offset_y_mm, today,
                                 deliver=lambda pdf: write_private_file(Path(path), pdf, replace_old=False))

    def save_pdf(self, path: Path | str, claim_ids: list[int] | None = None, mode: str = "red",
                 offset_x_mm: float | None = None, offset_y_mm: float | None = None,
                 today: date | None = None) -> Path:
        """The chosen claims (default: all ready), checked, written to a PDF file (owner-only, whole or not at
        all) without marking any claim printed: a copy kept or sent some other way. Once the person says it
        went to the payer, `print_claims(ids, deliver=lambda pdf: None)` marks them. Claims with errors or
        void ones are refused as for printing."""
        check_mode(mode)
        store = self._stores.claims
        self._office.claims.check(None if claim_ids is None else list(claim_ids), today=today or date.today())
        claims = store.list((ClaimStatus.READY.value,)) if claim_ids is None else [store.get(i) for i in claim_ids]
        if not claims:
            raise UserError(self._nothing_ready_reason())
        if any(c is None for c in claims):
            missing = next(i for i, c in zip(claim_ids, claims) if c is None)
            raise UserError(f"No claim has the number {missing}; list them with: officebill-cli claims check")
        _refuse_unprintable(claims)
        self._remember_folder(Path(path).resolve().parent)
        pdf = render_claims(claims, mode, *self._offsets(offset_x_mm, offset_y_mm))
        return write_private_file(Path(path), pdf, replace_old=False)

    def _nothing_ready_reason(self) -> str:
        """Why `print` with no claim numbers found nothing to print, and what to do."""
        counts = self._office.claims.counts()
        if counts[ClaimStatus.DRAFT]:
            return (f"No claim is ready to print: {counts[ClaimStatus.DRAFT]} have errors; "
                    "see them with: officebill-cli claims check")
        if counts[ClaimStatus.PRINTED] or counts[ClaimStatus.SENT]:
            return ("Every claim has been printed or sent already; reprint one with --ids N, "
                    "or make claims for new visits (claims make).")
        return "There are no claims to print; make claims from visits first (claims make)."

    def preview(self, claims: list[Claim], mode: str = "red", offset_x_mm: float | None = None,
                offset_y_mm: float | None = None) -> bytes:
        """The PDF the claims would print as, without marking anything printed."""
        check_mode(mode)
        return render_claims(claims, mode, *self._offsets(offset_x_mm, offset_y_mm))

    def alignment_page(self, mode: str = "red", offset_x_mm: float | None = None,
                       offset_y_mm: float | None = None) -> bytes:
        """The alignment test page, at the saved printer offsets unless others are given."""
        check_mode(mode)
        return render_alignment_page(mode, *self._offsets(offset_x_mm, offset_y_mm))

    def save_alignment_page(self, path: Path | str, mode: str = "red", offset_x_mm: float | None = None,
                            offset_y_mm: float | None = None) -> Path:
        """The alignment test page written to `path`, whole or not at all."""
        return write_private_file(Path(path), self.alignment_page(mode, offset_x_mm, offset_y_mm))

    def offsets(self, profile: str | None = None) -> tuple[float, float]:
        """Horizontal and vertical printer offsets in mm (+ right, + down) of a printer profile."""
        setup = self._office.setup
        profiles = setup.setting("printer_profiles", {})
        chosen = profiles.get(profile or setup.setting("printer_profile", "default"), {})
        return float(chosen.get("offset_x_mm", 0.0)), float(chosen.get("offset_y_mm", 0.0))

    def save_offsets(self, offset_x_mm: float, offset_y_mm: float, profile: str = "default") -> Outcome[None]:
        if abs(offset_x_mm) > MAX_OFFSET_MM or abs(offset_y_mm) > MAX_OFFSET_MM:
            raise UserError(f"Printer offsets above {MAX_OFFSET_MM} mm mean the form is loaded wrongly; "
                            "reload it and measure again.")
        setup = self._office.setup
        profiles = setup.setting("printer_profiles", {})
        profiles[profile] = {"offset_x_mm": round(offset_x_mm, 1), "offset_y_mm": round(offset_y_mm, 1)}
        with self._write(Area.SETUP) as write:
            setup.save_setting("printer_profiles", profiles)
            setup.save_setting("printer_profile", profile)
        return write.outcome(None)

    def clean_leftovers(self) -> list[Path]:
        """Remove what killed prints left (temporary PDFs with patient data) in the folders printed to."""
        return [gone for folder in self._office.setup.setting(PRINT_FOLDERS_KEY, [])
                for gone in clean_private_leftovers(Path(folder))]

    def _remember_folder(self, folder: Path) -> None:
        folders = self._office.setup.setting(PRINT_FOLDERS_KEY, [])
        if str(folder) not in folders:
            self._office.setup.save_setting(PRINT_FOLDERS_KEY, [str(folder), *folders][:MAX_PRINT_FOLDERS])

    def _offsets(self, offset_x_mm: float | None, offset_y_mm: float | None) -> tuple[float, float]:
        """The offsets given, each falling back to the saved printer profile's."""
        dx, dy = self.offsets()
        return (dx if offset_x_mm is None else offset_x_mm, dy if offset_y_mm is None else offset_y_mm)


def _refuse_unprintable(claims: list[Claim]) -> None:
    blocked = [c for c in claims if not c.status.can_print]
    if blocked:
        numbers = ", ".join(str(c.id) for c in blocked)
        raise UserError(f"Claim(s) {numbers} have errors or are void; fix what the check reports, then print.")


def check_mode(mode: str) -> None:
    if mode not in PRINT_MODES:
        raise UserError(f"Print mode '{mode}' is unknown; use red (pre-printed forms) or full (plain paper).")
