"""`office.setup`: the practice, providers, facilities, payers, clearinghouses and office settings."""
from __future__ import annotations

from dataclasses import replace

from ..core import validation
from ..core.edi import Clearinghouse, clearinghouse_problems
from ..core.problems import Problem, UserError
from ..core.records import Facility, Payer, Practice, Provider
from .changes import Area, Outcome
from .service import Service, fail_if


class SetupService(Service):
    """Reading and saving the office's own set-up; each save validates first, then writes once."""

    def is_new(self) -> bool:
        """True while no practice has been saved (a new office)."""
        return self._stores.practice.get() is None

    def practice(self) -> Practice:
        return self._stores.practice.get() or Practice()

    def save_practice(self, practice: Practice) -> Outcome[Practice]:
        return self._save(self._stores.practice, practice, validation.practice_problems(practice))

    def providers(self, active_only: bool = False) -> list[Provider]:
        return self._stores.providers.list(active_only)

    def provider(self, provider_id: int) -> Provider | None:
        return self._stores.providers.get(provider_id)

    def save_provider(self, provider: Provider) -> Outcome[Provider]:
        problems = validation.provider_problems(provider)
        same_npi = [p for p in self._stores.providers.list() if p.npi == provider.npi and p.id != provider.id]
        if same_npi:
            problems.append(Problem("npi", f"{same_npi[0].display_name} already has this NPI; "
                                           "each provider has their own."))
        return self._save(self._stores.providers, provider, problems)

    def facilities(self, active_only: bool = False) -> list[Facility]:
        return self._stores.facilities.list(active_only)

    def facility(self, facility_id: int) -> Facility | None:
        return self._stores.facilities.get(facility_id)

    def save_facility(self, facility: Facility) -> Outcome[Facility]:
        return self._save(self._stores.facilities, facility, validation.facility_problems(facility))

    def payers(self, active_only: bool = False) -> list[Payer]:
        return self._stores.payers.list(active_only)

    def payer(self, payer_id: int) -> Payer | None:
        return self._stores.payers.get(payer_id)

    def save_payer(self, payer: Payer) -> Outcome[Payer]:
        return self._save(self._stores.payers, payer, validation.payer_problems(payer))

    def clearinghouses(self, active_only: bool = False) -> list[Clearinghouse]:
        """The clearinghouse profiles 837P files are written for."""
        return self._stores.edi.clearinghouses.list(active_only)

    def clearinghouse(self, clearinghouse_id: int) -> Clearinghouse | None:
        return self._stores.edi.clearinghouses.get(clearinghouse_id)

    def save_clearinghouse(self, profile: Clearinghouse) -> Outcome[Clearinghouse]:
        profile = replace(profile, **{name: getattr(profile, name).strip() for name in (
            "name", "submitter_name", "submitter_id", "contact_name", "contact_phone", "receiver_name",
            "receiver_id", "sender_qualifier", "sender_id", "receiver_qualifier", "receiver_isa_id")})
        problems = clearinghouse_problems(profile)
        same = [c for c in self.clearinghouses() if c.name.lower() == profile.name.lower() and c.id != profile.id]
        if same:
            problems.append(Problem("name", f"A clearinghouse is already called {same[0].name}; "
                                            "give this one another name."))
        if profile.id is not None and self.clearinghouse(profile.id) is None:
            raise UserError(f"No clearinghouse has the number {profile.id}.")
        return self._save(self._stores.edi.clearinghouses, profile, problems)

    def payer_clearinghouses(self) -> dict[int, int | None]:
        """Each payer's clearinghouse id; None for a payer that gets paper claims."""
        return self._stores.edi.payer_routes()

    def route_payer(self, payer_id: int, clearinghouse_id: int | None, electronic_id: str | None = None
                    ) -> Outcome[Payer]:
        """Send a payer's claims through a clearinghouse (None: on paper), with its electronic payer ID
        (kept as it is when None). Electronic claims need the payer ID."""
        payer = self.payer(payer_id)
        if payer is None:
            raise UserError(f"No payer has the number {payer_id}.")
        if electronic_id is not None:
            payer = replace(payer, payer_id=electronic_id.strip().upper())
        problems = validation.payer_problems(payer)
        if clearinghouse_id is not None:
            if self.clearinghouse(clearinghouse_id) is None:
                problems.append(Problem("clearinghouse_id", f"No clearinghouse has the number {clearinghouse_id}; "
                                                            "add it under Setup > Clearinghouses first."))
            if not payer.payer_id:
                problems.append(Problem("payer_id", f"Enter {payer.name}'s electronic payer ID (from the "
                                                    "clearinghouse's payer list) to send its claims electronically."))
        fail_if(problems)
        with self._write(Area.SETUP) as write:
            saved = self._stores.payers.save(payer)
            self._stores.edi.set_payer_clearinghouse(payer_id, clearinghouse_id)
        return write.outcome(saved)

    def setting(self, key: str, default=None):
        """An office-wide setting (kept in the office file), or `default`."""
        return self._stores.settings.get(key, default)

    def save_setting(self, key: str, value) -> Outcome[None]:
        with self._write(Area.SETUP) as write:
            self._stores.settings.set(key, value)
        return write.outcome(None)

    def _save(self, store, record, problems: list[Problem]):
        fail_if(problems)
        with self._write(Area.SETUP) as write:
            saved = store.save(record)
        return write.outcome(saved)
