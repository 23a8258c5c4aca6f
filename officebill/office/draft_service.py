"""`office.drafts`: visits typed but not saved, kept so typed work is never thrown away (issue 15).

A draft belongs to the user who typed it: `drafts()`, `get()`, `save()` and `finish()` see only one's own.
A manager may also list anyone's (`list_for`) and discard anyone's (`discard`), for drafts left behind by
someone who has gone (permission "drafts.others"). In an office file without users every draft is
everyone's (user name "").

The audit trail gets one row when a draft is made and one when it goes (discarded, or saved as a visit,
with the reason), naming the draft's patient, visit and date of service. Each autosave while typing, and
Keep as draft on a draft already made, only updates the draft: auditing them would copy a visit's
patient data into the audit trail every few seconds.
"""
from __future__ import annotations

import json
from datetime import date

from ..core.permissions import allowed, why_not
from ..core.problems import UserError
from ..storage.draft_store import DraftStore, VisitDraft
from .changes import Outcome
from .service import Service
from .session import NotAllowed

__all__ = ["DraftService", "VisitDraft"]

MAX_FORM_CHARACTERS = 200_000  # a visit form is a few thousand; more is not a form


class DraftService(Service):
    """Visit drafts of the signed-in user (and, for a manager, everyone's to list and discard)."""

    def __init__(self, office, db):
        super().__init__(office, None)
        self._store = DraftStore(db)

    # ----------------------------------------------------------------- whose
    def _me(self) -> str:
        session = self._office.session
        return session.user_name if session is not None else ""

    def _may_see_others(self) -> bool:
        session = self._office.session
        return session is None or allowed(session.role, "drafts.others")

    def _refuse_others(self) -> None:
        if not self._may_see_others():
            raise NotAllowed(why_not(self._office.session.role, "drafts.others"))

    def _own(self, draft: VisitDraft | None) -> bool:
        return draft is not None and draft.user_name.casefold() == self._me().casefold()

    # ----------------------------------------------------------------- reads
    def drafts(self) -> list[VisitDraft]:
        """The signed-in user's drafts, last kept first."""
        return self._store.for_user(self._me())

    def count(self) -> int:
        """How many drafts the signed-in user has waiting."""
        return self._store.count(self._me())

    def list_for(self, user: str | None = None) -> list[VisitDraft]:
        """The drafts of `user` (everyone's when None), last kept first. Only a manager sees other users'."""
        if user is None or user.casefold() != self._me().casefold():
            self._refuse_others()
        return self._store.for_user(user)

    def get(self, draft_id: int) -> VisitDraft | None:
        """One of the signed-in user's drafts; None when there is no such draft. Another user's is refused:
        it holds what they typed, and only they go on with it."""
        draft = self._store.get(draft_id)
        if draft is not None and not self._own(draft) and self._me():
            raise NotAllowed(f"Draft #{draft_id} is {draft.user_name}'s; only they can open it.")
        return draft

    # ---------------------------------------------------------------- writes
    def save(self, form: dict, *, patient_id: int | None = None, service_date: date | None = None,
             visit_id: int | None = None, draft_id: int | None = None, kept: bool = False) -> Outcome[VisitDraft]:
        """Keep `form` (what was typed, JSON-ready) as the signed-in user's draft: draft `draft_id` again when
        it is still theirs, else a new draft. `kept`: the person chose Keep as draft (else an autosave)."""
        self._check(form)
        store = self._store
        with self._write() as write:
            existing = store.get(draft_id) if draft_id is not None else None
            if self._own(existing):
                store.update(existing.id, form, patient_id=patient_id, service_date=service_date, visit_id=visit_id,
                             kept=kept)
                saved = store.get(existing.id)
            else:  # new, or discarded meanwhile (by a manager, or in another window): typed work is kept anyway
                new_id = store.add(self._me(), form, patient_id=patient_id, service_date=service_date,
                                   visit_id=visit_id, kept=kept)
                saved = store.get(new_id)
                store.audit_draft(saved, "insert", "kept as draft" if kept else "autosaved while typing")
        return write.outcome(saved)

    def discard(self, draft_id: int, note: str = "") -> Outcome[VisitDraft | None]:
        """Throw a draft away (one's own; a manager, anyone's). None when it was already gone."""
        store = self._store
        with self._write() as write:
            draft = store.get(draft_id)
            if draft is None:
                return write.outcome(None)
            if not self._own(draft):
                self._refuse_others()
                note = note or f"discarded by {self._me() or 'another user'}"
            store.delete(draft.id)
            store.audit_draft(draft, "delete", note or "discarded")
        return write.outcome(draft)

    def finish(self, draft_id: int, visit_id: int) -> Outcome[VisitDraft | None]:
        """The visit typed in one's own draft `draft_id` was saved as visit `visit_id`: the draft goes."""
        store = self._store
        with self._write() as write:
            draft = store.get(draft_id)
            if not self._own(draft):
                return write.outcome(None)
            store.delete(draft.id)
            store.audit_draft(draft, "delete", f"saved as visit #{visit_id}")
        return write.outcome(draft)

    @staticmethod
    def _check(form: dict) -> None:
        try:
            text = json.dumps(form, sort_keys=True) if isinstance(form, dict) else None
        except (TypeError, ValueError):
            text = None
        if text is None:
            raise UserError("A draft is the visit form as typed, as plain JSON values; this is not one, "
                            "so it was not kept.")
        if len(text) > MAX_FORM_CHARACTERS:
            raise UserError(f"This draft holds {len(text):,} characters, more than a visit form can "
                            f"({MAX_FORM_CHARACTERS:,}); it was not kept.")
