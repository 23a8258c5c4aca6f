"""A realistic small office for the scrubber scenario audit (issue 11), built only through the facade.

The practice, three providers with real-shaped (Luhn-valid) NPIs, a facility, four kinds of payer
(Medicare with MBIs, Illinois Medicaid, a commercial plan and a Medigap plan) and patients of every age
and sex with their policies; the office's procedure list (fee schedule); the HCPCS Level II records the
scenarios use, in a whole-release file; stand-in FY2023 and FY2025 ICD-10-CM order files; and small NCCI PTP
and MUE files in the CMS practitioner layouts, imported through the CLI (`officebill-cli codes
import-icd10cm`, `import-ncci`, `import-mue`; when an importer is missing, the scenarios that need it fail,
as they should).

`build_template` makes the office once; `run_case` copies it for one `Case` (so no scenario sees
another's claims), enters the visit as the front desk would, makes the claim and checks it. A visit
the facade refuses to save is reported with the problems it named (`Result.refused`): an input error
refused at entry counts as caught, a clean claim refused is a false alarm.
"""
from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from officebill.core.identifiers import npi_check_digit
from officebill.core.money import Money
from officebill.core.problems import Problem, UserError, ValidationFailed
from officebill.core.records import (
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

from .scenario_code_files import (
    write_hcpcs_release,
    write_mue_file,
    write_ptp_files,
    write_stand_in_order_file,
)

DOS = date(2026, 9, 14)  # a Monday in FY2026: the bundled April 1, 2026 ICD-10-CM release is in force
TODAY = date(2026, 9, 18)  # the day the office makes and checks the claims


def npi(first_nine: str) -> str:
    """A real-shaped NPI: nine digits and the Luhn check digit over 80840 + them."""
    return first_nine + str(npi_check_digit(first_nine))


PRACTICE = Practice(
    name="Prairie Grove Family Health", address=Address(line1="2250 W Monroe St", line2="Suite 4",
    city="Springfield", state="IL", zip="627042131"), phone="2175550188", npi=npi("154872306"),
    tax_id_type="EIN", tax_id="371456832", taxonomy="207Q00000X")
PROVIDERS = (
    Provider(last_name="Brennan", first_name="Claire", middle="M", credential="MD", npi=npi("125398764"),
             taxonomy="207Q00000X"),  # family medicine: adults, children, OB
    Provider(last_name="Osei", first_name="Kwame", credential="DO", npi=npi("160427385"),
             taxonomy="207X00000X"),  # orthopaedic surgery
    Provider(last_name="Alvarado", first_name="Lucia", credential="MD", npi=npi("178904132"),
             taxonomy="208000000X"),  # pediatrics
)
FACILITY = Facility(name="Prairie Grove Family Health", address=PRACTICE.address, npi=PRACTICE.npi,
                    default_pos="11")

PAYERS = {
    "medicare": Payer(name="Medicare Part B", address=Address(line1="PO Box 3113", city="Mechanicsburg",
                      state="PA", zip="170551813"), payer_id="12402", plan_type=PlanType.MEDICARE,
                      filing_indicator="MB"),
    "medicaid": Payer(name="Illinois Medicaid", address=Address(line1="PO Box 19102", city="Springfield",
                      state="IL", zip="627949102"), payer_id="IL621", plan_type=PlanType.MEDICAID,
                      filing_indicator="MC"),
    "bcbs": Payer(name="Blue Cross Blue Shield of Illinois", address=Address(line1="PO Box 805107",
                  city="Chicago", state="IL", zip="606804112"), payer_id="00621", plan_type=PlanType.GROUP,
                  filing_indicator="BL"),
    "spouse_plan": Payer(name="Prairie Health Plan", address=Address(line1="PO Box 4410", city="Chicago",
                         state="IL", zip="606804410"), payer_id="PHP01", plan_type=PlanType.GROUP,
                         filing_indicator="CI"),
    # A Medicare Advantage (Part C) plan: a private plan with its own member IDs, billed as group health.
    "medicare_advantage": Payer(name="Heartland Medicare Advantage HMO", address=Address(line1="PO Box 3350",
                                city="Louisville", state="KY", zip="402013350"), payer_id="61101",
                                plan_type=PlanType.GROUP, filing_indicator="16"),
    # A Medicare supplement; its COBA ID in 9d lets Medicare cross the claim over (cms1500.md item 9).
    "medigap": Payer(name="Heartland Medicare Supplement", address=Address(line1="PO Box 1260",
                     city="Omaha", state="NE", zip="681031260"), payer_id="55891", plan_type=PlanType.OTHER,
                     filing_indicator="CI"),
}

MBI = {"schmidt": "1EG4TE5MK73", "haddad": "2KT9WA3RH62", "jensen": "5TY2HJ8NP41"}  # CMS MBI format: no S, L, O, I, B, Z


def _home(line1: str, city: str = "Springfield", zip_code: str = "62704") -> Address:
    return Address(line1=line1, city=city, state="IL", zip=zip_code)


@dataclass(frozen=True)
class PolicySpec:
    """One policy of a patient, by payer key (the fixture turns it into a `Policy`)."""

    payer: str
    member_id: str
    priority: int = 1
    group_number: str = ""
    plan_name: str = ""
    relationship: Relationship = Relationship.SELF
    insured: Person | None = None
    effective: date | None = date(2020, 1, 1)
    end: date | None = None


MOTHER = Person(last_name="Reyes", first_name="Elena", middle="M", dob=date(1984, 6, 3), sex=Sex.FEMALE,
                address=_home("78 Elm Ct"), phone="2175550199")
WIFE = Person(last_name="Turner", first_name="Grace", dob=date(1973, 2, 11), sex=Sex.FEMALE,
              address=_home("410 Walnut St", zip_code="62702"), phone="2175550123")

# key -> (patient, policies). Ages are on DOS.
PATIENTS: dict[str, tuple[Patient, tuple[PolicySpec, ...]]] = {
    "man55": (Patient(account="S1001", last_name="Turner", first_name="James", middle="R", dob=date(1971, 5, 12),
                      sex=Sex.MALE, address=_home("410 Walnut St", zip_code="62702"), phone="2175550123"),
              (PolicySpec("bcbs", "XGP448812301", group_number="GRP7781", plan_name="Blue Choice PPO"),)),
    "woman28": (Patient(account="S1002", last_name="Lopez", first_name="Maria", dob=date(1998, 3, 3),
                        sex=Sex.FEMALE, address=_home("22 Cedar Ln", "Chatham", "62629"), phone="2175550456"),
                (PolicySpec("bcbs", "XGP903316620", group_number="GRP2210", plan_name="Blue Choice PPO"),)),
    "woman35": (Patient(account="S1003", last_name="Dubois", first_name="Hannah", dob=date(1991, 7, 21),
                        sex=Sex.FEMALE, address=_home("9 Park Pl"), phone="2175550987"),
                (PolicySpec("spouse_plan", "PHP55012871", group_number="PG4410", plan_name="Prairie Select"),)),
    "woman41_medicaid": (Patient(account="S1004", last_name="Okonkwo", first_name="Aisha", dob=date(1985, 1, 30),
                                 sex=Sex.FEMALE, address=_home("1187 Lincoln Rd", "Rochester", "62563"),
                                 phone="2175550321"),
                         (PolicySpec("medicaid", "412345678"),)),
    "senior_woman75": (Patient(account="S1005", last_name="Schmidt", first_name="Rosa", middle="K",
                               dob=date(1951, 2, 17), sex=Sex.FEMALE, address=_home("64 Grand Ave"),
                               phone="2175550777"),
                       (PolicySpec("medicare", MBI["schmidt"]),
                        PolicySpec("medigap", "HMS70045521", priority=2, plan_name="Medigap Plan G"))),
    "senior_man78": (Patient(account="S1006", last_name="Haddad", first_name="Victor", dob=date(1948, 8, 30),
                             sex=Sex.MALE, address=_home("301 Monroe St"), phone="2175550612"),
                     (PolicySpec("medicare", MBI["haddad"]),
                      PolicySpec("medicaid", "498765432", priority=2))),
    "girl15": (Patient(account="S1007", last_name="Reyes", first_name="Olivia", dob=date(2011, 4, 10),
                       sex=Sex.FEMALE, address=_home("78 Elm Ct"), phone="2175550199"),
               (PolicySpec("spouse_plan", "PHP77120934", group_number="PG4410", plan_name="Prairie Select",
                           relationship=Relationship.CHILD, insured=MOTHER),)),
    "girl9": (Patient(account="S1008", last_name="Reyes", first_name="Clara", dob=date(2017, 1, 5),
                      sex=Sex.FEMALE, address=_home("78 Elm Ct"), phone="2175550199"),
              (PolicySpec("spouse_plan", "PHP77120935", group_number="PG4410", plan_name="Prairie Select",
                          relationship=Relationship.CHILD, insured=MOTHER),)),
    "boy4": (Patient(account="S1009", last_name="Kim", first_name="Noah", dob=date(2022, 5, 20), sex=Sex.MALE,
                     address=_home("15 Oak Ave", "Sherman", "62684"), phone="2175550444"),
             (PolicySpec("medicaid", "423456789"),)),
    "girl2": (Patient(account="S1010", last_name="Nguyen", first_name="Leah", dob=date(2024, 6, 2),
                      sex=Sex.FEMALE, address=_home("702 Cedar Ln"), phone="2175550555"),
              (PolicySpec("medicaid", "434567890"),)),
    "newborn": (Patient(account="S1011", last_name="Chen", first_name="Emily", dob=date(2026, 8, 20),
                        sex=Sex.FEMALE, address=_home("5 Walnut St"), phone="2175550666"),
                (PolicySpec("medicaid", "445678901", effective=date(2026, 8, 20)),)),
    "newborn5d": (Patient(account="S1014", last_name="Novak", first_name="Clara", dob=date(2026, 9, 9),
                          sex=Sex.FEMALE, address=_home("88 Lincoln Rd"), phone="2175550717"),
                  (PolicySpec("medicaid", "467890123", effective=date(2026, 9, 9)),)),
    "born_yesterday": (Patient(account="S1013", last_name="Chen", first_name="Lucas", dob=date(2026, 9, 13),
                               sex=Sex.MALE, address=_home("5 Walnut St"), phone="2175550666"),
                       (PolicySpec("medicaid", "456789012", effective=date(2026, 9, 13)),)),
    "senior_ma70": (Patient(account="S1015", last_name="Walsh", first_name="Peter", dob=date(1956, 6, 14),
                            sex=Sex.MALE, address=_home("19 Grand Ave"), phone="2175550729"),
                    (PolicySpec("medicare_advantage", "H45127703", plan_name="Gold Plus HMO"),)),
    "man50_medicare_disabled": (Patient(account="S1016", last_name="Jensen", first_name="Owen", dob=date(1976, 2, 8),
                                        sex=Sex.MALE, address=_home("230 Cedar Ln"), phone="2175550733"),
                                (PolicySpec("medicare", MBI["jensen"]),)),
    "man40_birthday": (Patient(account="S1017", last_name="Fischer", first_name="Thomas", dob=date(1986, 9, 14),
                               sex=Sex.MALE, address=_home("12 Oak Ave"), phone="2175550745"),
                       (PolicySpec("bcbs", "XGP810004321", group_number="GRP7781", plan_name="Blue Choice PPO"),)),
    "young_man18": (Patient(account="S1018", last_name="Sato", first_name="Luis", dob=date(2008, 3, 1),
                            sex=Sex.MALE, address=_home("7 Monroe St"), phone="2175550751"),
                    (PolicySpec("medicaid", "490123456"),)),
    "man40_two_plans": (Patient(account="S1012", last_name="Moretti", first_name="Daniel", dob=date(1986, 10, 2),
                                sex=Sex.MALE, address=_home("41 Park Pl"), phone="2175550888"),
                        (PolicySpec("bcbs", "XGP120098877", group_number="GRP7781", plan_name="Blue Choice PPO"),
                         PolicySpec("spouse_plan", "PHP66001234", priority=2, group_number="PG9001",
                                    plan_name="Prairie Select", relationship=Relationship.SPOUSE,
                                    insured=Person(last_name="Moretti", first_name="Nora", dob=date(1987, 4, 4),
                                                   sex=Sex.FEMALE, address=_home("41 Park Pl"),
                                                   phone="2175550888")))),
}

# The office's procedure list: (code, its own label, fee per unit in cents). CPT labels in our own words.
FEES = (
    ("99203", "New patient visit, low", 16500), ("99212", "Office visit, straightforward", 8500),
    ("99213", "Office visit, low", 12500), ("99214", "Office visit, moderate", 18500),
    ("99215", "Office visit, high", 25500),
    ("99391", "Preventive visit, infant", 16000), ("99460", "Normal newborn care, first hospital day", 21000), ("99392", "Preventive visit, age 1-4", 17000),
    ("99393", "Preventive visit, age 5-11", 17500), ("99394", "Preventive visit, age 12-17", 18000),
    ("99395", "Preventive visit, age 18-39", 19500), ("99396", "Preventive visit, age 40-64", 21000),
    ("G0439", "Annual wellness visit, subsequent", 17500), ("90471", "Vaccine admin, first", 2800),
    ("90472", "Vaccine admin, each more", 1800), ("90460", "Vaccine admin with counseling, first component", 3000),
    ("90461", "Vaccine admin with counseling, each more component", 1600), ("90656", "Flu vaccine IIV3", 3900),
    ("90715", "Tdap vaccine", 5500), ("90677", "Pneumococcal conjugate vaccine 20-valent", 26000),
    ("90696", "DTaP-IPV vaccine", 6800), ("90710", "MMRV vaccine", 27000), ("G0008", "Flu vaccine admin, Medicare", 2800),
    ("G0009", "Pneumococcal vaccine admin, Medicare", 2800), ("96372", "Injection under skin or into muscle", 3500),
    ("J1885", "Ketorolac, per 15 mg", 1200), ("J3301", "Triamcinolone, per 10 mg", 600),
    ("J1010", "Methylprednisolone acetate, per 1 mg", 25), ("J1030", "Methylprednisolone acetate, 40 mg", 900),
    ("J0696", "Ceftriaxone, per 250 mg", 900), ("J3420", "Vitamin B12, up to 1000 mcg", 1100),
    ("20610", "Large joint injection or aspiration", 14000),
    ("20605", "Intermediate joint injection or aspiration", 9000), ("85610", "Prothrombin time (INR)", 1200), ("76942", "Ultrasound needle guidance", 9500),
    ("69210", "Impacted earwax removal, one ear", 7500), ("25600", "Closed care of distal radius fracture", 42000),
    ("73110", "Wrist X-ray, 3 views", 6500), ("73610", "Ankle X-ray, 3 views", 6500),
    ("83036", "Hemoglobin A1c", 3100), ("36415", "Blood draw by venipuncture", 1800),
    ("80061", "Lipid panel", 3600),
    ("82947", "Glucose, quantitative", 1400), ("85025", "Complete blood count", 2900), ("82306", "Vitamin D", 4800), ("81002", "Urine dipstick", 1500), ("87880", "Rapid strep test", 3200),
    ("93000", "Electrocardiogram with report", 6500), ("93010", "Electrocardiogram report only", 2500),
    ("94640", "Nebulizer treatment", 4500), ("G0101", "Cervical cancer screening, pelvic and breast exam", 5200),
    ("Q0091", "Screening Pap smear, obtaining", 4800),
)
FEE = {code: cents for code, _, cents in FEES}

@dataclass(frozen=True)
class Template:
    """The built office file and its code database; `imports` says which imports worked (name -> '' or why not)."""

    folder: Path
    imports: dict = field(default_factory=dict)

    @property
    def office_file(self) -> Path:
        return self.folder / "office.db"

    @property
    def codes_file(self) -> Path:
        return self.folder / "codes.db"


def _cli(office_file: Path, *args: str) -> str:
    """Run officebill-cli; '' when it worked, otherwise why not (a command that does not exist yet)."""
    from officebill.cli import main

    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", str(office_file), *args])
    except SystemExit as exc:
        code = exc.code
    return "" if code == 0 else f"exit {code}: {err.getvalue().strip()[-300:]}"


def build_template(folder: Path, codes_db: Path) -> Template:
    """The scenario office in `folder`, with its own copy of the built code database (imports write it)."""
    from officebill.office import Office

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(codes_db, folder / "codes.db")
    imports = {}
    with Office.create(folder / "office.db") as office:
        office.setup.save_practice(PRACTICE)
        for provider in PROVIDERS:
            office.setup.save_provider(provider)
        office.setup.save_facility(FACILITY)
        payer_ids = {key: office.setup.save_payer(payer).value.id for key, payer in PAYERS.items()}
        for patient, specs in PATIENTS.values():
            office.patients.save(patient, [policy_of(spec, payer_ids) for spec in specs], today=TODAY)
        office.procedures.save_many([Procedure(code=code, label=label, charge=Money(cents),
                                               system="HCPCS" if code[0].isalpha() else "CPT")
                                     for code, label, cents in FEES])
        try:
            office.codes.import_hcpcs(write_hcpcs_release(folder))
            imports["hcpcs"] = ""
        except UserError as exc:
            imports["hcpcs"] = str(exc)
    for year in (2023, 2025):  # FY2023 for the timely-filing year over February 29, 2024; FY2025 for E11.A
        older = write_stand_in_order_file(folder / f"icd10cm_order_{year}.txt", folder / "codes.db")
        imports["icd10cm"] = imports.get("icd10cm") or _cli(folder / "office.db", "codes", "import-icd10cm", str(older))
    ptp = write_ptp_files(folder)  # named as CMS names a quarter's practitioner PTP files
    imports["ncci"] = _cli(folder / "office.db", "codes", "import-ncci", *map(str, ptp))
    # Named as CMS names the quarterly practitioner table; its quarter (July 2026) covers DOS.
    mue = write_mue_file(folder / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv")
    imports["mue"] = _cli(folder / "office.db", "codes", "import-mue", str(mue))
    if imports["mue"]:  # an importer that does not read the quarter from the name
        imports["mue"] = _cli(folder / "office.db", "codes", "import-mue", "--effective", "2026-07-01", str(mue))
    return Template(folder, imports)


def policy_of(spec: PolicySpec, payer_ids: dict) -> Policy:
    return Policy(payer_id=payer_ids[spec.payer], priority=spec.priority, member_id=spec.member_id,
                  group_number=spec.group_number, plan_name=spec.plan_name, relationship=spec.relationship,
                  insured=spec.insured, effective=spec.effective, end=spec.end)


# ------------------------------------------------------------------------------------------------ cases
@dataclass(frozen=True)
class Line:
    """One service line as typed: the charge is the fee schedule's for the units unless given."""

    code: str
    pointers: tuple[int, ...] = (1,)
    modifiers: tuple[str, ...] = ()
    units: int = 1
    charge: int | None = None  # cents
    ndc: str = ""
    ndc_quantity: str = ""
    ndc_unit: str = ""
    from_date: date | None = None
    to_date: date | None = None


@dataclass(frozen=True)
class Case:
    """A claim to make: the patient (a `PATIENTS` key), the visit as typed, and what else the office did.

    `policies` replaces the patient's policies before the visit; `provider_npi` retypes the rendering
    provider's NPI; `prior` visits are entered and claimed first (same patient, before this one);
    `with_priors(office, claims)` then acts on their claims (print, correct, void);
    `after_make(office, claim)` runs between making and checking the claim (a policy that changed); when it
    returns a claim, that one is checked instead (the secondary claim made after the primary's EOB)."""

    patient: str
    dx: tuple[str, ...]
    lines: tuple[Line, ...]
    dos: date = DOS
    today: date = TODAY
    provider: int = 0  # index in PROVIDERS
    pos: str = "11"
    referring: tuple[str, str] = ("", "")  # name, NPI
    admitted: date | None = None  # box 18 (inpatient place of service), still admitted
    auto_accident_state: str = ""  # box 10b: an auto accident in that state
    policies: tuple[PolicySpec, ...] | None = None
    provider_npi: str | None = None
    prior: tuple[Case, ...] = ()
    with_priors: Callable | None = None  # (office, the prior claims): what the office did with them since
    after_make: Callable | None = None


@dataclass
class Result:
    findings: list = field(default_factory=list)  # scrubber Findings of the claim
    refused: tuple[Problem, ...] = ()  # what the facade refused to save, fields as "visit.x", "provider.x", ...
    skipped: str = ""  # why no claim was made
    visit_findings: list = field(default_factory=list)  # what visit entry showed on saving (before any claim)


def _visit(case: Case, patient_id: int, provider_id: int, facility_id: int) -> Visit:
    lines = tuple(ServiceLine(code=ln.code, pointers=ln.pointers, modifiers=ln.modifiers, units=ln.units,
                              charge=Money(ln.charge if ln.charge is not None else FEE.get(ln.code, 5000) * ln.units),
                              ndc=ln.ndc, ndc_quantity=ln.ndc_quantity, ndc_unit=ln.ndc_unit,
                              from_date=ln.from_date, to_date=ln.to_date) for ln in case.lines)
    return Visit(patient_id=patient_id, service_date=case.dos, provider_id=provider_id, facility_id=facility_id,
                 pos=case.pos, referring_name=case.referring[0], referring_npi=case.referring[1],
                 hospitalized_from=case.admitted, accident_auto=bool(case.auto_accident_state),
                 accident_state=case.auto_accident_state,
                 diagnoses=case.dx, lines=lines)


def _provider(office, index: int) -> Provider:
    """The stored provider of PROVIDERS[index] (the office lists its providers by name)."""
    return next(p for p in office.setup.providers() if p.npi == PROVIDERS[index].npi)


def _prefixed(exc: ValidationFailed, prefix: str) -> tuple[Problem, ...]:
    return tuple(Problem(prefix + p.field, p.message) for p in exc.problems)


def run_case(template: Template, case: Case, workdir: Path) -> Result:
    """Enter `case` in a fresh copy of the template office, make its claim and check it."""
    from officebill.office import Office

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "codes.db").symlink_to(template.codes_file)
    shutil.copyfile(template.office_file, workdir / "office.db")
    with Office.open(workdir / "office.db") as office:
        patient = office.patients.by_account(PATIENTS[case.patient][0].account)
        provider = _provider(office, case.provider)
        facility = office.setup.facilities()[0]
        try:
            if case.provider_npi is not None:
                provider = office.setup.save_provider(replace(provider, npi=case.provider_npi)).value
        except ValidationFailed as exc:
            return Result(refused=_prefixed(exc, "provider."))
        if case.policies is not None:
            payer_ids = {key: next(p.id for p in office.setup.payers() if p.name == payer.name)
                         for key, payer in PAYERS.items()}
            try:
                office.patients.save(patient, [policy_of(spec, payer_ids) for spec in case.policies], today=case.today)
            except ValidationFailed as exc:
                return Result(refused=tuple(Problem("policy." + p.field.split(".", 1)[-1], p.message)
                                            for p in exc.problems))
        prior_claims = []
        for earlier in case.prior:
            saved = office.visits.save(_visit(earlier, patient.id, _provider(office, earlier.provider).id,
                                              facility.id), earlier.today).value
            prior_claims += office.claims.make([saved.id], today=earlier.today).value.made
        if case.with_priors is not None:
            try:
                case.with_priors(office, prior_claims)
            except ValidationFailed as exc:  # the set-up refused (fields of a practice, provider, ...)
                return Result(refused=_prefixed(exc, "practice."))
        try:
            visit = office.visits.save(_visit(case, patient.id, provider.id, facility.id), case.today).value
        except ValidationFailed as exc:
            return Result(refused=_prefixed(exc, "visit."))
        at_entry = office.visits.findings(visit, case.today)
        made = office.claims.make([visit.id], today=case.today).value
        if not made.made:
            return Result(skipped="; ".join(reason for _, reason in made.skipped), visit_findings=list(at_entry))
        claim = made.made[0]
        if case.after_make is not None:
            try:
                claim = case.after_make(office, claim) or claim  # it may hand over another claim to check
            except ValidationFailed as exc:
                return Result(refused=_prefixed(exc, "policy."))
        findings = office.claims.check([claim.id], today=case.today).value[claim.id]
        return Result(findings=list(findings), visit_findings=list(at_entry))
