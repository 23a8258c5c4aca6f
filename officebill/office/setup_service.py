"""`office.setup`: the practice, providers, facilities, payers and office settings."""
from __future__ import annotations

from ..core import validation
from ..core.problems import Problem
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
