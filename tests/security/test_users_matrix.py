"""The permission matrix: every public method of every Office service has an action, and every action is
allowed or refused for every role as core.permissions says (and as the issue's roles say)."""
import inspect
from dataclasses import replace

import pytest

from officebill.core.money import Money
from officebill.core.permissions import ACTIONS, PERMISSION_WORDS, PERMISSIONS, Role, allowed, why_not
from officebill.office import Office
from officebill.office.session import NotAllowed, SignInRequired
from tests.conftest import DEMO_TODAY
from tests.security.users_office import NAME_OF, PASSWORDS, add_users, office_with_users, open_as


def public_methods(office: Office) -> list[str]:
    """Every public method of every service, as "service.method", found by introspection."""
    found = []
    for name, service in office.services.items():
        cls = type(service.unguarded())
        found += [f"{name}.{method}" for method, _ in inspect.getmembers(cls, inspect.isfunction)
                  if not method.startswith("_")]
    return sorted(found)


@pytest.fixture
def users_file(tmp_path):
    return office_with_users(tmp_path / "office.db")


def test_every_public_method_of_every_service_names_its_permission(users_file):
    with open_as(users_file, "boss") as office:
        methods = public_methods(office)
    assert len(methods) > 150 and "claims.make" in methods and "users.add" in methods
    assert [m for m in methods if m not in ACTIONS] == [], "add these to core.permissions.ACTIONS"
    assert {p for p in ACTIONS.values()} <= set(PERMISSION_WORDS)
    assert set().union(*PERMISSIONS.values()) == set(PERMISSION_WORDS)


# What the issue says each role does (front desk: patients, visits, copays and patient payments, one patient's
# statement; biller: claims, printing, payment posting, electronic files; manager: also write-offs, refunds,
# voids, reports, setup, backups and restore, users), written out apart from the table it checks.
FRONT_DESK_MAY = ["patients.save", "patients.save_policy", "visits.save", "payments.patient_payment",
                  "statements.preview", "statements.receipt", "patients.find", "claims.list", "money.ledger",
                  "codes.search", "users.change_password"]
BILLER_MAY = ["claims.make", "claims.make_secondary", "claims.correct", "printing.print_claims",
              "edi.export_837", "remittances.import_835", "payments.post_insurance", "payments.new_deposit",
              "statements.run"]
MANAGER_ONLY = ["money.write_off", "money.refund", "money.reverse", "claims.void", "reports.daysheet",
                "reports.aging", "setup.save_practice", "setup.save_payer", "procedures.save", "backups.make",
                "users.add", "users.reset", "users.disable", "audit.entries"]


def test_the_roles_are_the_ones_the_issue_names():
    for action in FRONT_DESK_MAY:
        assert all(allowed(role, action) for role in Role), action
    for action in BILLER_MAY:
        assert allowed(Role.BILLER, action) and allowed(Role.MANAGER, action), action
        assert not allowed(Role.FRONT_DESK, action), action
    for action in MANAGER_ONLY:
        assert allowed(Role.MANAGER, action), action
        assert not allowed(Role.BILLER, action) and not allowed(Role.FRONT_DESK, action), action
    assert not allowed(Role.MANAGER, "claims.no_such_method") and not allowed(None, "patients.find")


def test_why_not_says_who_may_and_who_you_are():
    assert why_not(Role.FRONT_DESK, "printing.print_claims") == (
        "A biller or manager can print claims; you are signed in as front desk.")
    assert why_not(Role.BILLER, "money.write_off") == (
        "Only a manager can write off balances; you are signed in as biller.")


@pytest.mark.parametrize("role", list(Role))
def test_every_action_against_this_role_through_the_facade(users_file, role):
    """Each method is replaced by a recorder on the service itself, then called through office.<service>:
    an allowed action reaches it, a refused one raises NotAllowed and never reaches it (so changes nothing)."""
    calls = []
    with open_as(users_file, NAME_OF[role]) as office:
        methods = public_methods(office)
        for action in methods:
            service, method = action.split(".")
            raw = office.services[service].unguarded()
            setattr(raw, method, lambda *a, _action=action, **k: calls.append(_action) or "done")
        stamp = office.data_stamp()
        for action in methods:
            service, method = action.split(".")
            call = getattr(getattr(office, service), method)
            if allowed(role, action):
                assert call() == "done", action
                assert office.can(action)
            else:
                with pytest.raises(NotAllowed) as refused:
                    call()
                assert str(refused.value) == why_not(role, action)
                assert not office.can(action)
        assert office.data_stamp() == stamp  # nothing was written, not even by a refusal
        assert calls == [a for a in methods if allowed(role, a)]


def test_signed_out_every_action_needs_a_sign_in_first(users_file):
    with open_as(users_file, "boss") as office:
        office.sign_out()
        for action in ["patients.find", "claims.list", "users.list", "setup.practice"]:
            service, method = action.split(".")
            with pytest.raises(SignInRequired):
                getattr(getattr(office, service), method)()
        assert office.session is None and not office.can("patients.find")
        office.sign_in("desk", PASSWORDS["desk"])
        assert office.patients.find("") == []


@pytest.fixture
def demo_with_users(demo_office):
    add_users(demo_office)
    path = demo_office.path
    demo_office.close()
    return path


def test_refused_real_actions_change_nothing_and_allowed_ones_do_their_work(demo_with_users):
    with open_as(demo_with_users, "desk") as desk:
        patient = desk.patients.find(limit=1)[0]
        ledger = desk.money.ledger(patient.id)
        ready = desk.claims.list(("ready",))
        stamp = desk.data_stamp()
        with pytest.raises(NotAllowed, match="Only a manager can write off balances"):
            desk.money.write_off(patient.id, Money(500), "small balance")
        with pytest.raises(NotAllowed, match="A biller or manager can make and correct claims"):
            desk.claims.make(today=DEMO_TODAY)
        assert desk.data_stamp() == stamp
        assert desk.money.ledger(patient.id) == ledger and desk.claims.list(("ready",)) == ready
        # a front-desk user's visit posts its charges: the calls a permitted action makes are not asked again
        visit = desk.visits.get(desk.visits.for_patient(patient.id)[0].id)
        before = desk.money.ledger(patient.id)
        copy = replace(visit, id=None, service_date=DEMO_TODAY, claim_codes="",
                       lines=tuple(replace(line, id=None, from_date=None, to_date=None) for line in visit.lines))
        desk.visits.save(copy, today=DEMO_TODAY)
        assert len(desk.money.ledger(patient.id)) == len(before) + len(visit.lines)
    with open_as(demo_with_users, "bill") as biller:
        assert biller.claims.make(today=DEMO_TODAY).value.made
