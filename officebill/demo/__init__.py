"""The demo office: a realistic, deterministic small practice built through the facade.

Everything is fictional; every identifier is valid (NPIs carry correct check
digits, EINs use issued prefixes). Procedure labels are our own words, not AMA
CPT descriptors. Visits fall on the working days of the year before `today`,
and the year's money is posted as it happened (`money.DemoYear`): claims
printed each Monday, payers' checks posted each Thursday, patients' payments,
write-offs and a refund (`demo.money`). The last week's visits wait for `claims make`.
With `users=True` (the command line's and the window's demo) it also has one user per role
(`DEMO_USERS`), whose names and passwords `officebill-cli demo` prints and the README lists.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from ..claims.rules_base import age_on
from ..claims.rules_procedures import preventive_code
from ..core.identifiers import npi_check_digit
from ..core.money import Money
from ..core.permissions import Role
from ..core.problems import UserError
from ..core.records import (
    Address,
    Facility,
    Patient,
    Payer,
    Person,
    PlanType,
    Policy,
    Practice,
    Procedure,
    Provider,
    Relationship,
    ServiceLine,
    Sex,
    Visit,
)
from .money import DemoYear

SEED = 1500
VISITS = 420  # in the year before today: about 1.6 a working day, 7 a patient


# The demo's users, one per role: (name, full name, role, password). Known passwords, for trying the demo only.
DEMO_USERS = (
    ("manager", "Maria Manager", Role.MANAGER, "maple-manager-demo"),
    ("biller", "Ben Biller", Role.BILLER, "maple-biller-demo"),
    ("frontdesk", "Fran Frontdesk", Role.FRONT_DESK, "maple-front-desk"),
)


def make_npi(first_nine: str) -> str:
    return first_nine + str(npi_check_digit(first_nine))


PRACTICE = Practice(
    name="Maple Street Family Medicine",
    address=Address(line1="120 Maple St", line2="Suite 200", city="Springfield", state="IL", zip="62701-1234"),
    phone="(217) 555-0142", npi=make_npi("123456789"), tax_id_type="EIN", tax_id="37-1234567",
    taxonomy="207Q00000X",
)

PROVIDERS = [
    Provider(last_name="Okafor", first_name="Adaeze", middle="N", credential="MD", npi=make_npi("146750372"),
             taxonomy="207Q00000X"),
    Provider(last_name="Lindqvist", first_name="Erik", credential="DO", npi=make_npi("158432907"),
             taxonomy="207R00000X"),
    Provider(last_name="Patel", first_name="Meera", credential="FNP", npi=make_npi("176209843"),
             taxonomy="363LF0000X"),
]

FACILITIES = [
    Facility(name="Maple Street Family Medicine", address=PRACTICE.address, npi=PRACTICE.npi, default_pos="11"),
    Facility(name="Maple Street Clinic East", address=Address(line1="455 Oak Ave", city="Springfield", state="IL",
             zip="62702-1111"), npi=make_npi("130684945"), default_pos="11"),
]

PAYERS = [
    Payer(name="Medicare Part B", address=Address(line1="PO Box 3113", city="Mechanicsburg", state="PA",
          zip="17055-1813"), payer_id="12402", plan_type=PlanType.MEDICARE, filing_indicator="MB",
          totals_on_every_page=True),
    Payer(name="Illinois Medicaid", address=Address(line1="PO Box 19102", city="Springfield", state="IL",
          zip="62794-9102"), payer_id="IL621", plan_type=PlanType.MEDICAID, filing_indicator="MC"),
    Payer(name="Blue Cross Blue Shield of Illinois", address=Address(line1="PO Box 805107", city="Chicago",
          state="IL", zip="60680-4112"), payer_id="00621", plan_type=PlanType.GROUP, filing_indicator="BL",
          totals_on_every_page=False),
    Payer(name="Prairie Health Plan", address=Address(line1="PO Box 4410", city="Chicago", state="IL",
          zip="60680-4410"), payer_id="PHP01", plan_type=PlanType.GROUP, filing_indicator="CI"),
    Payer(name="Lakeside Mutual Insurance", address=Address(line1="9 Harbor Rd", city="Peoria", state="IL",
          zip="61602"), payer_id="LKM22", plan_type=PlanType.GROUP, filing_indicator="12"),
    Payer(name="Summit Care HMO", address=Address(line1="2500 Summit Blvd", city="Bloomington", state="IL",
          zip="61704"), payer_id="SCH77", plan_type=PlanType.GROUP, filing_indicator="HM"),
]

# (code, system, our own label, charge in cents, favorite)
PROCEDURES = [
    ("99202", "CPT", "New patient visit, straightforward", 11000, False),
    ("99203", "CPT", "New patient visit, low complexity", 16500, True),
    ("99204", "CPT", "New patient visit, moderate complexity", 25000, False),
    ("99212", "CPT", "Established patient visit, straightforward", 8500, False),
    ("99213", "CPT", "Established patient visit, low complexity", 12500, True),
    ("99214", "CPT", "Established patient visit, moderate complexity", 18500, True),
    ("99215", "CPT", "Established patient visit, high complexity", 25500, False),
    ("99385", "CPT", "Preventive exam, new, age 18-39", 22000, False),
    ("99396", "CPT", "Preventive exam, established, age 40-64", 21000, True),
    ("99393", "CPT", "Preventive exam, established, age 5-11", 17500, False),
    ("90471", "CPT", "Vaccine administration, first shot", 2800, True),
    ("90686", "CPT", "Flu vaccine, quadrivalent, preservative free", 3900, True),
    ("87880", "CPT", "Rapid strep antigen test", 3200, True),
    ("81002", "CPT", "Urine dipstick, non-automated, no scope", 1500, True),
    ("36415", "CPT", "Blood draw by venipuncture", 1800, True),
    ("85025", "CPT", "Complete blood count with differential", 2900, False),
    ("80053", "CPT", "Comprehensive metabolic panel", 3800, False),
    ("83036", "CPT", "Hemoglobin A1c", 3100, False),
    ("93000", "CPT", "Electrocardiogram with reading", 6500, False),
    ("94640", "CPT", "Nebulizer breathing treatment", 4500, False),
    ("96372", "CPT", "Injection under skin or into muscle", 3500, False),
    ("69210", "CPT", "Impacted earwax removal, one ear", 7500, False),
    ("20610", "CPT", "Large joint injection or drainage", 14000, False),
    ("J1885", "HCPCS", "Ketorolac injection, per 15 mg", 1200, False),
    ("G0439", "HCPCS", "Medicare annual wellness visit, subsequent", 17500, False),
]

# Visit patterns: diagnoses (billable ICD-10-CM) and the procedures billed with them.
ENCOUNTERS = [
    (("I10",), ("99213",)),
    (("E11.9", "I10"), ("99214", "83036", "36415")),
    (("E11.65", "E78.5"), ("99214", "83036", "80053", "36415")),
    (("J02.0",), ("99213", "87880")),
    (("J06.9",), ("99212",)),
    (("N39.0", "R30.0"), ("99213", "81002")),
    (("M54.50",), ("99213", "96372", "J1885")),
    (("K21.9",), ("99213",)),
    (("J45.901",), ("99214", "94640")),
    (("F41.1",), ("99214",)),
    (("E78.5", "Z13.220"), ("99213", "80053", "36415")),
    (("H61.21",), ("99212", "69210")),
    (("M17.11",), ("99213", "20610")),
    (("R07.9", "I10"), ("99214", "93000")),
    (("Z23",), ("90471", "90686")),
    (("J20.9", "R05.1"), ("99213",)),
    (("H66.91",), ("99213",)),
    (("E03.9",), ("99213", "36415")),
    (("I48.91", "I10"), ("99215", "93000")),
    (("Z00.00",), ("99396", "85025", "36415")),
]
MEDICARE_WELLNESS = (("Z00.00", "I10"), ("G0439",))
# Outside doctors who send patients (box 17); FIRST LAST as Medicare's referring file has them.
REFERRERS = (("Dana Whitfield", make_npi("159876543")), ("Tomas Ibarra", make_npi("182450396")))
CHILD_WELL = (("Z00.129", "Z23"), ("99393", "90471", "90686"))

LAST_NAMES = ("Rivera Johnson Nguyen Kowalski Okonkwo Schmidt Garcia Brown Fischer Haddad Murphy Tanaka "
              "Novak Alvarez Bennett Chen Dubois Jensen Kim Lopez Moretti Olsen Price Quinn Reyes Sato "
              "Turner Walsh Young Zielinski").split()
MALE = "James Marco David Luis Samuel Ahmed Peter Daniel Noah Victor Owen Thomas".split()
FEMALE = "Sofia Maria Emily Grace Aisha Hannah Olivia Nora Leah Rosa Ingrid Clara".split()
STREETS = "Elm Ct|Oak Ave|Walnut St|Lincoln Rd|Cedar Ln|Park Pl|Monroe St|Grand Ave".split("|")
CITIES = (("Springfield", "62704"), ("Chatham", "62629"), ("Rochester", "62563"), ("Sherman", "62684"))


def _person(rng: random.Random, last: str, sex: Sex, born: date) -> dict:
    first = rng.choice(MALE if sex is Sex.MALE else FEMALE)
    city, zip_code = rng.choice(CITIES)
    return dict(
        last_name=last, first_name=first, middle=rng.choice("ABCDEJKLMRS"), dob=born, sex=sex,
        address=Address(line1=f"{rng.randint(10, 9899)} {rng.choice(STREETS)}", city=city, state="IL",
                        zip=zip_code),
        phone=f"(217) 555-{rng.randint(100, 9999):04d}",
    )


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low * 365 + 10, high * 365 - 10))


def build_demo(office, today: date | None = None, users: bool = False) -> dict:
    """Fill an empty office with the demo practice and its year, and with `users` the demo users (the office then
    opens only for one of them). Returns counts of what was made."""
    if not office.is_empty() or office.patients.find(limit=1):
        raise UserError("The demo office can only be built in a new, empty office file; "
                        "use --db with a new file name (officebill-cli --db demo.db demo).")
    today = today or date.today()
    rng = random.Random(SEED)
    with office.transaction():
        office.setup.save_practice(PRACTICE)
        providers = [office.setup.save_provider(p).value for p in PROVIDERS]
        facilities = [office.setup.save_facility(f).value for f in FACILITIES]
        payers = [office.setup.save_payer(p).value for p in PAYERS]
        office.procedures.save_many([Procedure(code=c, system=s, label=l, charge=Money(ch), favorite=f)
                                for c, s, l, ch, f in PROCEDURES])
        patients = _demo_patients(office, rng, today, payers)
        plan = _demo_visits(office, rng, today, patients, providers, facilities)
        money = DemoYear(office, random.Random(SEED + 1), today).run(plan)
        made_users = add_demo_users(office) if users else []
    return {"providers": len(providers), "facilities": len(facilities), "payers": len(payers),
            "procedures": len(PROCEDURES), "patients": len(patients),
            "visits": sum(len(v) for v in plan.values()), **money, **({"users": len(made_users)} if users else {})}


def add_demo_users(office) -> list:
    """One user per role with the known demo passwords, none asked to change it (it is a demo)."""
    return [office.users.add(name, full_name, role, password, must_change_password=False).value
            for name, full_name, role, password in DEMO_USERS]


def _demo_patients(office, rng, today, payers) -> list:
    medicare, medicaid, bcbs, *commercial = payers
    patients = []
    for index in range(60):
        last = LAST_NAMES[index % len(LAST_NAMES)]
        sex = Sex.FEMALE if index % 2 else Sex.MALE
        kind = index % 6  # 0 adult self, 1 spouse, 2 child, 3 medicare, 4 medicaid child, 5 adult with secondary
        ages = {0: (22, 60), 1: (25, 60), 2: (2, 17), 3: (66, 88), 4: (1, 14), 5: (30, 64)}[kind]
        patient = Patient(**_person(rng, last, sex, _birth(rng, today, *ages)), email="")
        member = f"{rng.choice('XYZW')}{rng.randint(10**9, 10**10 - 1)}"
        group = f"G{rng.randint(1000, 99999)}"
        policies = []
        if kind == 3:
            mbi = f"{rng.randint(1, 9)}EG{rng.randint(1, 9)}TE{rng.randint(1, 9)}MK{rng.randint(10, 99)}"
            policies.append(Policy(payer_id=medicare.id, priority=1, member_id=mbi, relationship=Relationship.SELF))
            if index % 12 == 3:
                policies.append(Policy(payer_id=bcbs.id, priority=2, member_id=member, group_number=group,
                                       plan_name="Medigap Plan G", relationship=Relationship.SELF))
        elif kind == 4:
            policies.append(Policy(payer_id=medicaid.id, priority=1, member_id=f"{rng.randint(10**8, 10**9 - 1)}",
                                   relationship=Relationship.SELF, copay=Money(0)))
        else:
            payer = rng.choice([bcbs, *commercial])
            relationship = {1: Relationship.SPOUSE, 2: Relationship.CHILD}.get(kind, Relationship.SELF)
            insured = None
            if relationship is not Relationship.SELF:
                holder_sex = Sex.MALE if sex is Sex.FEMALE or kind == 2 and index % 4 == 2 else Sex.FEMALE
                holder = _person(rng, last, holder_sex, _birth(rng, today, 28, 58))
                insured = Person(**{**holder, "address": patient.address})
            policies.append(Policy(payer_id=payer.id, priority=1, member_id=member, group_number=group,
                                   plan_name=f"{payer.name.split()[0]} Choice PPO", relationship=relationship,
                                   insured=insured, copay=Money(rng.choice([2000, 2500, 3000, 4000]))))
            if kind == 5:
                second = rng.choice([p for p in [bcbs, *commercial] if p.id != payer.id])
                spouse = _person(rng, last, Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE,
                                 _birth(rng, today, 30, 64))
                policies.append(Policy(payer_id=second.id, priority=2,
                                       member_id=f"S{rng.randint(10**8, 10**9 - 1)}", group_number=f"G{index}77",
                                       plan_name="Spouse employer plan", relationship=Relationship.SPOUSE,
                                       insured=Person(**{**spouse, "address": patient.address})))
        saved, _ = office.patients.save(patient, policies, today).value
        patients.append((saved, kind))
    return patients


def _working_days(today: date) -> list[date]:
    days = (today - timedelta(days=n) for n in range(364, 0, -1))
    return [day for day in days if day.weekday() < 5]


def _demo_visits(office, rng, today, patients, providers, facilities) -> dict[date, list[Visit]]:
    """The year's visits (not saved yet), by day: every patient comes back, in the demo's encounter mix."""
    days = _working_days(today)
    plan: dict[date, list[Visit]] = {}
    procedures = {p.code: p for p in office.procedures.list()}
    for number in range(VISITS):
        patient, kind = patients[(number * 7) % len(patients)]
        day = days[number * len(days) // VISITS]
        if kind == 3 and number % 5 == 0:
            diagnoses, codes = MEDICARE_WELLNESS
        elif kind in (2, 4) and number % 3 == 0:
            diagnoses, codes = CHILD_WELL
        else:
            diagnoses, codes = ENCOUNTERS[rng.randrange(len(ENCOUNTERS))]
            if kind in (2, 4):  # children: keep to pediatric-appropriate visits
                diagnoses, codes = ENCOUNTERS[rng.choice([3, 4, 15, 16])]
        provider = providers[2] if kind in (2, 4) and number % 2 else providers[number % 2]
        facility = facilities[number % 3 == 2]
        lines = []
        for code in codes:
            procedure = procedures[code]
            modifiers = ("25",) if code.startswith("992") and any(c in ("96372", "20610", "69210") for c in codes) else ()
            billed = preventive_code(code, age_on(patient.dob, day)[0])  # the CPT age band's preventive visit, same fee
            lines.append(ServiceLine(from_date=day, code=billed, modifiers=modifiers, units=procedure.units,
                                     charge=procedure.charge.times(procedure.units),
                                     pointers=(1,) if kind == 3 else tuple(range(1, min(len(diagnoses), 4) + 1))))
        referring_name, referring_npi = REFERRERS[number % 2] if number % 10 == 4 else ("", "")
        plan.setdefault(day, []).append(Visit(
            patient_id=patient.id, service_date=day, provider_id=provider.id, facility_id=facility.id,
            pos=facility.default_pos, diagnoses=diagnoses, lines=tuple(lines), referring_name=referring_name,
            referring_npi=referring_npi))
    return plan
