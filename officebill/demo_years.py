"""A many-year demo office for scale work: the demo practice after `years` of visits, claims and money.

`build_years(office, years=10, patients=20000)` fills a new, empty office the way the
program would have over the years, through the same stores the program writes with
(`storage.*Store`, audit triggers on), in a few large transactions: the demo
practice, payers and fee schedule (`demo`'s data), `patients` patients with their
policies, about 1.5 visits per patient and year on working days (the demo's encounter
mix), and a claim for every visit but the last day's, in every status: printed (most),
ready and draft (the last two weeks), void before printing, and printed claims later
replaced by a corrected (frequency 7) or void (frequency 8) version. The money
(`YearsBooks`): charges, copays at check-in, each payer's EOB once its days have
passed (`demo.money`'s contracts and rules), secondary claims paid, patients' shares
paid after statements by most; so old claims are paid and closed, recent ones open.

Written a batch of 5,000 visits at a time through the stores' many-row methods (`insert_many`,
`set_statuses`, `write_batches`: the same rows and audit rows as their one-row methods, sealed by the
same triggers), with the file's journal and syncs off while it is built (`bulk_rows.building_new_file`:
WAL put back and the file checked before the office is reported built). Deterministic for a given seed
and `today`. `officebill-cli demo --years 10 --patients 20000`.
"""
from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from . import demo
from .billing.posting import LineContext, OpenLine, allocate, eob_line_entries
from .billing.responsibility import first_party, next_party
from .claims.rules_base import age_on
from .claims.rules_procedures import preventive_code
from .core.claim import Claim
from .core.ledger import Deposit, EntryKind, LedgerEntry, Party
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
from .demo import money as demo_money
from .storage.bulk_rows import building_new_file

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
    stores = office.bulk_stores()
    with building_new_file(stores.visits.db):  # the stores' connection: the office's own
        made = _fill(office, stores, years, patients, visits, today or date.today(), seed, say, started)
    say(f"file checked ({time.perf_counter() - started:.0f} s)")
    return {**made, "seconds": round(time.perf_counter() - started, 1)}


def _fill(office, stores, years, patients, visits, today, seed, say, started) -> dict:
    """The years of the practice, in transactions of 5,000 visits; returns counts of what was made."""
    rng = random.Random(seed)
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
    books = YearsBooks(stores, random.Random(seed + 1), today, payer_of)
    batch = 5000
    for first in range(0, len(plan), batch):
        with office.transaction():
            planned = [_new_visit(rng, today, day, people, providers, facilities, fees, counts["visits"] + n)
                       for n, day in enumerate(plan[first:first + batch])]
            saved = stores.visits.insert_many([visit for visit, *_rest in planned])
            counts["visits"] += len(saved)
            claims = _BatchClaims(stores)
            for visit, visit_plan in zip(saved, planned):
                books.check_in(visit, visit_plan[3])
                if visit_plan[-1] is not None:
                    _bill(claims, today, visit_plan, visit, practice, payer_of, counts, books)
            claims.write()
            books.flush()
        say(f"{min(first + batch, len(plan))} of {len(plan)} visits ({time.perf_counter() - started:.0f} s)")
    return {"providers": len(providers), "facilities": len(facilities), "payers": len(payers),
            "procedures": len(fees), "patients": len(people), **counts, **books.counts}


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
            patient = Patient(account=f"A{1001 + index}", **demo._person(rng, last, sex,
                                                                         demo._birth(rng, today, *ages)))
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
            weight = rng.choice((1, 1, 1, 2, 2, 3, 5, 8))  # a few patients come often
            people.append((patient, kind, policies, weight))
        saved = stores.patients.insert_many([patient for patient, *_rest in people])
        stored = iter(stores.policies.insert_many([replace(policy, patient_id=patient.id)
                                                   for patient, (_p, _k, policies, _w) in zip(saved, people)
                                                   for policy in policies]))
        people = [(patient, kind, [next(stored) for _policy in policies], weight)
                  for patient, (_p, kind, policies, weight) in zip(saved, people)]
    return people


def _encounter(rng, kind: int, number: int):
    if kind == 3 and number % 5 == 0:
        return demo.MEDICARE_WELLNESS
    if kind in (2, 4) and number % 3 == 0:
        return demo.CHILD_WELL
    if kind in (2, 4):
        return demo.ENCOUNTERS[rng.choice([3, 4, 15, 16])]
    return demo.ENCOUNTERS[rng.randrange(len(demo.ENCOUNTERS))]


def _new_visit(rng, today, day, people, providers, facilities, fees, number: int) -> tuple:
    """A visit of the day as the front desk enters it (not saved yet), with its patient, the patient's kind and
    policies, its provider and facility, its number, and the roll that decides its claim's fate (None when no
    claim is made for it yet)."""
    patient, kind, policies, _weight = _pick(rng, people)
    diagnoses, codes = _encounter(rng, kind, number)
    provider = providers[2] if kind in (2, 4) and number % 2 else providers[number % 2]
    facility = facilities[number % 3 == 2]
    lines = []
    for line_no, code in enumerate(codes, 1):
        fee = fees[code]
        modifiers = ("25",) if code.startswith("992") and any(c in ("96372", "20610", "69210") for c in codes) else ()
        billed = preventive_code(code, age_on(patient.dob, day)[0])  # the CPT age band's preventive visit, same fee
        lines.append(ServiceLine(line_no=line_no, from_date=day, code=billed, modifiers=modifiers, units=fee.units,
                                 charge=fee.charge.times(fee.units),
                                 pointers=(1,) if kind == 3 else tuple(range(1, min(len(diagnoses), 4) + 1))))
    referring = demo.REFERRERS[number % 2] if number % 10 == 4 else ("", "")
    visit = Visit(
        patient_id=patient.id, service_date=day, provider_id=provider.id, facility_id=facility.id,
        pos=facility.default_pos, diagnoses=diagnoses, lines=tuple(lines), referring_name=referring[0],
        referring_npi=referring[1], copay_collected=_copay_at_check_in(policies, codes))
    billed_now = (today - day).days > 1 and policies  # today's visits wait for `claims make`
    return visit, patient, kind, policies, provider, facility, number, rng.random() if billed_now else None


class _BatchClaims:
    """A batch's claims and their changes, written together (`ClaimStore.insert_many` and friends) when the
    batch's visits are done. Each claim gets its id as it is made (counted on from `ClaimStore.next_id`), since
    later claims of the batch name it (a replacement, a secondary claim)."""

    def __init__(self, stores):
        self.stores = stores
        self.next_id = stores.claims.next_id()
        self.new: list[tuple[Claim, int | None, str]] = []
        self.billed_visits: list[int] = []
        self.numbers: dict[int, str] = {}
        self.statuses: list[tuple[Claim, ClaimStatus, str]] = []

    def insert(self, claim: Claim, replaces_claim_id: int | None = None, note: str = "made") -> Claim:
        claim = replace(claim, id=self.next_id)
        self.next_id += 1
        self.new.append((claim, replaces_claim_id, note))
        return claim

    def write(self) -> None:
        claims, visits = self.stores.claims, self.stores.visits
        claims.insert_many(self.new)
        visits.set_statuses(self.billed_visits, VisitStatus.BILLED)
        claims.set_payer_claim_numbers(self.numbers)
        claims.set_statuses(self.statuses)


def _bill(claims: _BatchClaims, today, planned, visit, practice, payer_of, counts, books) -> None:
    """The visit's claim, in the status its age gives it (the plan's roll picks the few voided, or replaced or
    voided after printing), and the payers' answers on it."""
    _unsaved, patient, _kind, policies, provider, facility, number, roll = planned
    day, age = visit.service_date, (today - visit.service_date).days
    visit = replace(visit, status=VisitStatus.BILLED)  # as the claim will find it: checks then write nothing
    other = policies[1] if len(policies) > 1 else None
    claim = Claim(created=day + timedelta(days=1), practice=practice, provider=provider, facility=facility,
                  payer=payer_of[policies[0].payer_id], patient=patient, policy=policies[0], other_policy=other,
                  other_payer=payer_of[other.payer_id] if other else None, visit=visit, lines=visit.lines)
    if age <= 14:
        status, printed = (ClaimStatus.DRAFT if number % 6 == 0 else ClaimStatus.READY), None
    else:
        status, printed = ClaimStatus.PRINTED, day + timedelta(days=2)
    if age > 14 and roll < 0.01:  # cancelled before printing
        status, printed = ClaimStatus.VOID, None
    made = claims.insert(replace(claim, status=status, printed=printed))
    claims.billed_visits.append(visit.id)
    counts["claims"] += 1
    if status is ClaimStatus.PRINTED and roll > 0.97:  # later corrected (7) or voided (8) after printing
        frequency = ClaimFrequency.REPLACEMENT if roll > 0.985 else ClaimFrequency.VOID
        number_icn = f"{day:%y%j}{made.id:08d}"
        claims.numbers[made.id] = number_icn
        later = day + timedelta(days=30)
        if later < today - timedelta(days=1):
            version = replace(made, id=None, version=2, frequency=frequency, original_ref=number_icn,
                              created=later, printed=later + timedelta(days=1), status=ClaimStatus.PRINTED)
            newer = claims.insert(version, replaces_claim_id=made.id,
                                  note=f"{'replacement' if frequency is ClaimFrequency.REPLACEMENT else 'void'}"
                                       f" of claim {made.id}")
            claims.statuses.append((made, ClaimStatus.REPLACED, f"replaced by claim {newer.id}"))
            counts["claims"] += 1
            if frequency is ClaimFrequency.REPLACEMENT:
                books.answer(visit, policies, newer, newer.printed, claims)
        return
    if status is ClaimStatus.PRINTED:
        books.answer(visit, policies, made, printed, claims)


def _copay_at_check_in(policies, codes) -> Money:
    """The copay taken at the front desk: none for preventive care, nor when a second plan pays the copay."""
    if len(policies) != 1 or set(codes) <= demo_money.PREVENTIVE:
        return Money(0)
    return policies[0].copay


def _pick(rng, people):
    # weighted choice without building a cumulative table each time: retry on light patients
    while True:
        person = people[rng.randrange(len(people))]
        if rng.random() * 8 < person[3]:
            return person


def _thursday_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 3) % 7)


class YearsBooks:
    """The many-year office's money, posted in bulk through the same rules as the facade (`billing.posting`).

    Each printed claim gets its payer's EOB (`demo_money.primary_eob`: allowed, CO-45, deductible,
    coinsurance, copay, a few CO-16/CO-197 denials) once the payer's days have passed before `today`;
    a patient with a second policy has a secondary claim (stored like `money_office.add_claim` does) paid
    by `secondary_eob`; the patient's share is paid 25-55 days later by most (some in whole dollars, the
    cents written off), not by some, and not yet for recent visits. Copays are paid at check-in. Payments
    are gathered into one deposit per payer and week, written with the ledger rows once per batch of visits."""

    def __init__(self, stores, rng, today: date, payer_of: dict):
        self.stores, self.rng, self.today, self.payer_of = stores, rng, today, payer_of
        self.deductible: dict[tuple, int] = {}
        self.answers: list[tuple] = []  # (day, payer id, claim id, party, eob lines, visit, next party)
        self.patient_entries: list[list[LedgerEntry]] = []
        self.charges: list[list[LedgerEntry]] = []
        self.counts = {"deposits": 0, "eobs": 0, "patient payments": 0}

    def check_in(self, visit: Visit, policies) -> None:
        """The visit's charges (a CHARGE per line to the first party, as `office.money.post_charges` posts a new
        visit's), and the copay taken at the front desk: a credit on the visit until the EOB says what the
        patient owes."""
        party, payer_id = first_party(policies, visit.service_date)
        self.charges += [[LedgerEntry(kind=EntryKind.CHARGE, amount=line.charge, patient_id=visit.patient_id,
                                      visit_id=visit.id, service_line_id=line.id, service_date=visit.service_date,
                                      party=party, payer_id=payer_id, posted=visit.service_date, note=line.code)]
                         for line in visit.lines]
        if visit.copay_collected.cents:
            method, number = demo_money.tender(self.rng)
            self._patient_pays([LedgerEntry(
                kind=EntryKind.PATIENT_PAYMENT, amount=-visit.copay_collected, patient_id=visit.patient_id,
                visit_id=visit.id, service_date=visit.service_date, party=Party.PATIENT, posted=visit.service_date,
                method=method, number=number, who="demo", note="copay at check-in")])

    def answer(self, visit: Visit, policies, claim: Claim, printed: date, claims) -> None:
        """The payers' answers on a printed claim that came before today, and the patient's payment after
        (a secondary claim made with `claims.insert`)."""
        rng, day = self.rng, visit.service_date
        terms = demo_money.terms_for(claim.payer.payer_id)
        answered = printed + timedelta(days=rng.randint(*terms.days))
        if answered >= self.today:
            return  # billed, waiting for the payer
        roll = rng.random()
        denial = "16" if roll < 0.02 else "197" if roll < 0.03 else ""
        key = (visit.patient_id, claim.payer.id, day.year)
        billed = [demo_money.BilledLine(line.id, line.code, line.charge.cents) for line in claim.lines]
        eob, self.deductible[key] = demo_money.primary_eob(billed, terms, claim.policy.copay.cents,
                                                           self.deductible.get(key, terms.deductible), denial)
        following = next_party(Party.PRIMARY, policies, day)
        self.answers.append((answered, claim.payer.id, claim.id, Party.PRIMARY, eob, visit, following))
        owed = {line.service_line_id: [a for a in line.adjustments if a.group == "PR"] for line in eob}
        if following[0] is Party.SECONDARY and any(owed.values()):
            other = next(p for p in policies if p.priority == 2)
            second = claims.insert(replace(
                claim, id=None, policy=other, payer=self.payer_of[other.payer_id], other_policy=claim.policy,
                other_payer=claim.payer, lines=tuple(l for l in claim.lines if owed[l.id]), status=ClaimStatus.PRINTED,
                created=answered, printed=answered + timedelta(days=1), primary_claim_id=claim.id))
            answered += timedelta(days=rng.randint(14, 30))
            if answered >= self.today:
                return
            eob = demo_money.secondary_eob(
                (line_id, sum(a.amount.cents for a in prs), sum(a.amount.cents for a in prs if a.reason == "1"))
                for line_id, prs in owed.items() if prs)
            self.answers.append((answered, other.payer_id, second.id, Party.SECONDARY, eob, visit,
                                 (Party.PATIENT, None)))
            owed = {line.service_line_id: list(line.adjustments) for line in eob}
        self._statement_paid(visit, answered, {line_id: sum(a.amount.cents for a in prs)
                                               for line_id, prs in owed.items()})

    def _statement_paid(self, visit: Visit, answered: date, owed: dict[int, int]) -> None:
        """The patient's share (less the copay already taken) paid after the statement, by most."""
        share = sum(owed.values()) - visit.copay_collected.cents
        pay_day = answered + timedelta(days=self.rng.randint(25, 55))
        if share <= 0 or pay_day >= self.today or self.rng.random() < 0.12:
            return
        whole_dollars = self.rng.random() < 0.1 and share > 100
        amount = share - share % 100 if whole_dollars else share
        lines = [OpenLine(line_id, visit.id, visit.service_date, Money(cents)) for line_id, cents in owed.items()
                 if cents > 0]
        applied, _left = allocate(Money(amount), lines)
        method, number = demo_money.tender(self.rng)
        base = LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, patient_id=visit.patient_id, visit_id=visit.id,
                           service_date=visit.service_date, party=Party.PATIENT, posted=pay_day, method=method,
                           number=number, who="demo", note="statement payment")
        self._patient_pays([replace(base, amount=-take, service_line_id=line.service_line_id)
                            for line, take in applied])
        write_off_day = pay_day + timedelta(days=35)
        if whole_dollars and write_off_day < self.today:
            self._patient_pays([replace(base, kind=EntryKind.WRITE_OFF, amount=Money(-(share % 100)),
                                        service_line_id=applied[-1][0].service_line_id, posted=write_off_day,
                                        method=None, number="", reason="small_balance", note="")])

    def _patient_pays(self, entries: list[LedgerEntry]) -> None:
        self.patient_entries.append(entries)
        self.counts["patient payments"] += 1

    def flush(self) -> None:
        """Write what was gathered: one deposit per payer and week, then every ledger row in one statement."""
        totals: dict[tuple[int, date], int] = defaultdict(int)
        for day, payer_id, _claim, _party, eob, _visit, _next in self.answers:
            totals[(payer_id, _thursday_before(day))] += sum(line.paid.cents for line in eob)
        deposits = {}
        for (payer_id, thursday), cents in sorted(totals.items()):
            if not cents:
                continue  # a week of denials only: those answers go on the payer's next check
            deposit = self.stores.deposits.insert(Deposit(payer_id=payer_id, number=f"{payer_id}{thursday:%y%m%d}"
                                                          f"{self.counts['deposits'] % 1000:03d}",
                                                          received=thursday, amount=Money(cents)))
            self.stores.deposits.close(deposit.id, thursday)
            deposits[(payer_id, thursday)] = deposit.id
            self.counts["deposits"] += 1
        batches = []
        for day, payer_id, claim_id, party, eob, visit, following in self.answers:
            key = (payer_id, _thursday_before(day))
            deposit_id = deposits.get(key) or next((d for (p, t), d in sorted(deposits.items(), reverse=True)
                                                    if p == payer_id), None)
            if deposit_id is None:
                continue  # no check from this payer in the batch: left billed
            for line in eob:
                context = LineContext(line.service_line_id, visit.id, visit.patient_id, visit.service_date, Money(0))
                batches.append(eob_line_entries(line, context, claim_id=claim_id, deposit_id=deposit_id, party=party,
                                                payer_id=payer_id, next_party=following, posted=day, who="demo"))
            self.counts["eobs"] += 1
        self.stores.ledger.write_batches(self.charges + batches + self.patient_entries, who="demo")
        self.answers, self.patient_entries, self.charges = [], [], []
