"""A many-year demo office for scale work: the demo practice after `years` of visits and claims.

`build_years(office, years=10, patients=20000)` fills a new, empty office the way the
program would have over the years, through the same stores the program writes with
(`storage.*Store`, audit triggers on), in a few large transactions: the demo
practice, payers and fee schedule (`demo.py`'s data), `patients` patients with their
policies, about 1.5 visits per patient and year on working days (the demo's encounter
mix), and a claim for every visit but the last day's, in every status: printed (most),
ready and draft (the last two weeks), void before printing, and printed claims later
replaced by a corrected (frequency 7) or void (frequency 8) version.

Deterministic for a given seed and `today`. The ten-year office (20,000 patients,
300,000 visits) takes a few minutes; `officebill-cli demo --years 10 --patients 20000`.
"""
from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import date, timedelta

from . import demo
from .core.claim import Claim
from .core.money import Money
from .core.problems import UserError
from .core.records import (
    ClaimFrequency,
    ClaimStatus,
    Patient,
    Person,
    Policy,
    Procedure,
    Relationship,
    ServiceLine,
    Sex,
    Visit,
    VisitStatus,
)

# More family names than the small demo needs, so that a search keystroke narrows a large list.
EXTRA_LAST = ("Abbott Baker Carter Dalton Ellis Foster Gray Hughes Irwin Jordan Keller Lambert Mason Nash "
              "Ortega Porter Ramsey Sutton Vance Warren Acosta Barrett Castillo Delgado Espinoza Fleming "
              "Gallagher Harmon Ingram Jacobs Kaufman Lindgren Mendez Navarro Oakley Pruitt Rhodes Salazar "
              "Tillman Underwood Vasquez Whitaker Yates Zamora").split()
SYLLABLES = ("", "", "", "son", "berg", "ton", "ley", "man", "ford", "wood")


def _plan(years: int, patients: int, visits: int | None, today: date, rng: random.Random) -> list[date]:
    """The working days of the span, and how many visits each one has (a list of dates, one per visit)."""
    total = visits if visits is not None else round(patients * years * 1.5)
    start = today - timedelta(days=round(365.25 * years))
    days = [start + timedelta(days=n) for n in range((today - start).days)]
    days = [d for d in days if d.weekday() < 5] or [today - timedelta(days=1)]
    per_day, extra = divmod(total, len(days))
    plan = []
    for index, day in enumerate(days):
        plan += [day] * (per_day + (1 if index < extra else 0))
    return plan


def build_years(office, years: int = 10, patients: int = 20000, visits: int | None = None,
                today: date | None = None, seed: int = demo.SEED, progress=None) -> dict:
    """Fill an empty office with `years` of the demo practice. Returns counts and seconds taken."""
    if years < 1 or patients < 10:
        raise UserError("Give at least one year and ten patients.")
    if not office.is_empty() or office.patients.find(limit=1):
        raise UserError("The demo office can only be built in a new, empty office file; "
                        "use --db with a new file name.")
    say = progress or (lambda text: None)
    started = time.perf_counter()
    today = today or date.today()
    rng = random.Random(seed)
    stores = office.bulk_stores()
    with office.transaction():
        office.setup.save_practice(demo.PRACTICE)
        providers = [office.setup.save_provider(p).value for p in demo.PROVIDERS]
        facilities = [office.setup.save_facility(f).value for f in demo.FACILITIES]
        payers = [office.setup.save_payer(p).value for p in demo.PAYERS]
        office.procedures.save_many([Procedure(code=c, system=s, label=l, charge=Money(ch), favorite=f)
                                     for c, s, l, ch, f in demo.PROCEDURES])
    practice = office.setup.practice()
    fees = {p.code: p for p in office.procedures.list()}
    people = _patients(office, stores, rng, today, payers, patients, years)
    say(f"{len(people)} patients ({time.perf_counter() - started:.0f} s)")
    plan = _plan(years, patients, visits, today, rng)
    counts = {"visits": 0, "claims": 0}
    payer_of = {p.id: p for p in payers}
    batch = 5000
    for first in range(0, len(plan), batch):
        with office.transaction():
            for day in plan[first:first + batch]:
                _one_visit(office, stores, rng, today, day, people, providers, facilities, fees, practice, payer_of,
                           counts)
        say(f"{min(first + batch, len(plan))} of {len(plan)} visits ({time.perf_counter() - started:.0f} s)")
    return {"providers": len(providers), "facilities": len(facilities), "payers": len(payers),
            "procedures": len(fees), "patients": len(people), **counts,
            "seconds": round(time.perf_counter() - started, 1)}


def _patients(office, stores, rng, today, payers, count: int, years: int) -> list:
    medicare, medicaid, bcbs, *commercial = payers
    names = demo.LAST_NAMES + EXTRA_LAST
    people = []
    with office.transaction():
        for index in range(count):
            last = names[rng.randrange(len(names))] + rng.choice(SYLLABLES)
            sex = Sex.FEMALE if index % 2 else Sex.MALE
            kind = rng.choice((0, 0, 1, 2, 3, 3, 4, 5))  # the demo's kinds, weighted like a family practice
            ages = {0: (22, 60), 1: (25, 60), 2: (2, 17), 3: (66, 88), 4: (1, 14), 5: (30, 64)}[kind]
            patient = stores.patients.save(Patient(account=f"A{1001 + index}",
                                                   **demo._person(rng, last, sex, demo._birth(rng, today, *ages))))
            member = f"{rng.choice('XYZW')}{rng.randint(10**9, 10**10 - 1)}"
            # some patients change plans half-way: the older policy ended, the new one in force
            policies = []
            if kind == 3:
                policies.append(Policy(payer_id=medicare.id, priority=1, relationship=Relationship.SELF,
                                       member_id=f"{rng.randint(1, 9)}EG{rng.randint(1, 9)}TE{rng.randint(1, 9)}"
                                                 f"MK{rng.randint(10, 99)}"))
                if index % 4 == 3:
                    policies.append(Policy(payer_id=bcbs.id, priority=2, member_id=member, plan_name="Medigap Plan G",
                                           group_number=f"G{rng.randint(1000, 99999)}", relationship=Relationship.SELF))
            elif kind == 4:
                policies.append(Policy(payer_id=medicaid.id, priority=1, relationship=Relationship.SELF,
                                       member_id=f"{rng.randint(10**8, 10**9 - 1)}"))
            else:
                payer = rng.choice([bcbs, *commercial])
                relationship = {1: Relationship.SPOUSE, 2: Relationship.CHILD}.get(kind, Relationship.SELF)
                insured = None
                if relationship is not Relationship.SELF:
                    holder = demo._person(rng, last, Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE,
                                          demo._birth(rng, today, 28, 58))
                    insured = Person(**{**holder, "address": patient.address})
                policies.append(Policy(payer_id=payer.id, priority=1, member_id=member, relationship=relationship,
                                       group_number=f"G{rng.randint(1000, 99999)}", insured=insured,
                                       plan_name=f"{payer.name.split()[0]} Choice PPO",
                                       copay=Money(rng.choice([2000, 2500, 3000, 4000]))))
                if kind == 5:
                    second = rng.choice([p for p in [bcbs, *commercial] if p.id != payer.id])
                    policies.append(Policy(payer_id=second.id, priority=2, member_id=f"S{rng.randint(10**8, 10**9 - 1)}",
                                           relationship=Relationship.SELF, plan_name="Second employer plan"))
            stored = [stores.policies.save(replace(p, patient_id=patient.id)) for p in policies]
            weight = rng.choice((1, 1, 1, 2, 2, 3, 5, 8))  # a few patients come often
            people.append((patient, kind, stored, weight))
    return people


def _encounter(rng, kind: int, number: int):
    if kind == 3 and number % 5 == 0:
        return demo.MEDICARE_WELLNESS
    if kind in (2, 4) and number % 3 == 0:
        return demo.CHILD_WELL
    if kind in (2, 4):
        return demo.ENCOUNTERS[rng.choice([3, 4, 15, 16])]
    return demo.ENCOUNTERS[rng.randrange(len(demo.ENCOUNTERS))]


def _one_visit(office, stores, rng, today, day, people, providers, facilities, fees, practice, payer_of,
               counts) -> None:
    patient, kind, policies, _weight = _pick(rng, people)
    number = counts["visits"]
    diagnoses, codes = _encounter(rng, kind, number)
    provider = providers[2] if kind in (2, 4) and number % 2 else providers[number % 2]
    facility = facilities[number % 3 == 2]
    lines = []
    for line_no, code in enumerate(codes, 1):
        fee = fees[code]
        modifiers = ("25",) if code.startswith("992") and any(c in ("96372", "20610", "69210") for c in codes) else ()
        lines.append(ServiceLine(line_no=line_no, from_date=day, code=code, modifiers=modifiers, units=fee.units,
                                 charge=fee.charge.times(fee.units),
                                 pointers=(1,) if kind == 3 else tuple(range(1, min(len(diagnoses), 4) + 1))))
    referring = demo.REFERRERS[number % 2] if number % 10 == 4 else ("", "")
    visit = stores.visits.save(Visit(
        patient_id=patient.id, service_date=day, provider_id=provider.id, facility_id=facility.id,
        pos=facility.default_pos, diagnoses=diagnoses, lines=tuple(lines), referring_name=referring[0],
        referring_npi=referring[1], copay_collected=policies[0].copay if policies else Money(0)))
    office.money.post_charges(visit, day)  # the ledger's charges, as a visit save posts them
    counts["visits"] += 1
    age = (today - day).days
    if age <= 1 or not policies:
        return  # today's visits wait for `claims make`
    visit = replace(visit, status=VisitStatus.BILLED)  # as the claim will find it: checks then write nothing
    other = policies[1] if len(policies) > 1 else None
    claim = Claim(created=day + timedelta(days=1), practice=practice, provider=provider, facility=facility,
                  payer=payer_of[policies[0].payer_id], patient=patient, policy=policies[0], other_policy=other,
                  other_payer=payer_of[other.payer_id] if other else None, visit=visit, lines=visit.lines)
    roll = rng.random()
    if age <= 14:
        status, printed = (ClaimStatus.DRAFT if number % 6 == 0 else ClaimStatus.READY), None
    else:
        status, printed = ClaimStatus.PRINTED, day + timedelta(days=2)
    if age > 14 and roll < 0.01:  # cancelled before printing
        status, printed = ClaimStatus.VOID, None
    made = stores.claims.insert(replace(claim, status=status, printed=printed))
    stores.visits.set_status(visit.id, VisitStatus.BILLED)
    counts["claims"] += 1
    if status is ClaimStatus.PRINTED and roll > 0.97:  # later corrected (7) or voided (8) after printing
        frequency = ClaimFrequency.REPLACEMENT if roll > 0.985 else ClaimFrequency.VOID
        number_icn = f"{day:%y%j}{made.id:08d}"
        stores.claims.set_payer_claim_number(made.id, number_icn)
        later = day + timedelta(days=30)
        if later < today - timedelta(days=1):
            version = replace(made, id=None, version=2, frequency=frequency, original_ref=number_icn,
                              created=later, printed=later + timedelta(days=1), status=ClaimStatus.PRINTED)
            newer = stores.claims.insert(version, replaces_claim_id=made.id,
                                         note=f"{'replacement' if frequency is ClaimFrequency.REPLACEMENT else 'void'}"
                                              f" of claim {made.id}")
            stores.claims.set_status(made, ClaimStatus.REPLACED, f"replaced by claim {newer.id}")
            counts["claims"] += 1


def _pick(rng, people):
    # weighted choice without building a cumulative table each time: retry on light patients
    while True:
        person = people[rng.randrange(len(people))]
        if rng.random() * 8 < person[3]:
            return person
