"""Document and task entry rules (R1–R3), table-driven."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.rules import RuleError
from app.rules import documents as rules
from app.rules import enums
from app.rules import workflow as wf

DOC = {
    "doc_type": "official_letter", "number_symbol": "1234/UBND-TH",
    "summary": "Về việc quản lý đất đai", "issued_on": "2017-03-01",
    "signer": "Phạm Ngọc Nghị, Chủ tịch", "issuing_authority": "chairman",
}
NORMAL_DOC = SimpleNamespace(confidentiality="normal", issued_on=date(2017, 3, 1))
TASK = {"content": "Rà soát quỹ đất", "lead_unit_id": 7, "deadline": "2017-04-01"}


@pytest.mark.parametrize("raw, key", [
    ("1234/UBND-TH", "1234/ubnd-th"),
    ("1234 / ubnd-th ", "1234/ubnd-th"),
    ("45/2016/QĐ-UBND", "45/2016/qd-ubnd"),
    ("45/2016/qđ-ubnd", "45/2016/qd-ubnd"),
    ("  12\t/CĐ-UBND", "12/cd-ubnd"),
    ("", ""),
    (None, ""),
    # Look-alikes (issue 9): zero-width and invisible characters, fullwidth forms,
    # dashes and slashes of other kinds are the same number.
    ("1234/UBND\u200b-TH", "1234/ubnd-th"),
    ("\ufeff1234/\u2060UBND-TH\u200d", "1234/ubnd-th"),
    ("1234\uff0fUBND\uff0dTH", "1234/ubnd-th"),
    ("\uff11\uff12\uff13\uff14/\uff35\uff22\uff2e\uff24-TH", "1234/ubnd-th"),
    ("1234/UBND\u2013TH", "1234/ubnd-th"),
    ("1234/UBND\u2014TH", "1234/ubnd-th"),
    ("1234/UBND\u2212TH", "1234/ubnd-th"),
    ("1234\u2215UBND-TH", "1234/ubnd-th"),
    ("1234/UBND\u00adTH", "1234/ubndth"),
    ("45/2016/Q\u0110-UBND", "45/2016/qd-ubnd"),
])
def test_number_key_folds_case_accents_and_spaces(raw, key):
    assert rules.number_key(raw) == key


@pytest.mark.parametrize("value, expected", [
    ("2017-03-01", date(2017, 3, 1)),
    (" 2017-03-01 ", date(2017, 3, 1)),
    (date(2017, 3, 1), date(2017, 3, 1)),
    (None, None),
    ("", None),
])
def test_to_date(value, expected):
    assert rules.to_date(value) == expected


@pytest.mark.parametrize("value", ["01/03/2017", "2017-02-30", "tomorrow", 20170301])
def test_to_date_refuses_bad_dates(value):
    with pytest.raises(RuleError) as err:
        rules.to_date(value, "deadline")
    assert err.value.params["field"] == "deadline"


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), ("true", True), ("on", True), ("0", False),
    ("no", False), (None, None), ("", None),
])
def test_to_bool(value, expected):
    assert rules.to_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", 2])
def test_to_bool_refuses(value):
    with pytest.raises(RuleError):
        rules.to_bool(value)


@pytest.mark.parametrize("value, expected", [
    ([3, "4", 3], [3, 4]), (5, [5]), (None, []), ([], []),
])
def test_to_ids(value, expected):
    assert rules.to_ids(value) == expected


@pytest.mark.parametrize("value", [["x"], [True], "abc"])
def test_to_ids_refuses(value):
    with pytest.raises(RuleError):
        rules.to_ids(value)


def test_validate_document_cleans_and_defaults():
    cleaned = rules.validate_document({**DOC, "number_symbol": " 1234/UBND-TH ",
                                       "summary": "  Về việc  "})
    assert cleaned["number_symbol"] == "1234/UBND-TH"
    assert cleaned["summary"] == "Về việc"
    assert cleaned["issued_on"] == date(2017, 3, 1)
    assert cleaned["urgency"] == "normal"
    assert cleaned["confidentiality"] == "normal"
    assert cleaned["complex_entry"] is False


# (change to DOC, field refused, msgid)
DOCUMENT_REFUSALS = [
    ({"doc_type": None}, "doc_type", "Choose the document type."),
    ({"doc_type": "memo"}, "doc_type", "%(value)s is not a valid choice."),
    ({"number_symbol": "  "}, "number_symbol", "The number and symbol are required."),
    ({"number_symbol": "1" * 101}, "number_symbol",
     "The number and symbol are too long (at most %(max)s characters)."),
    ({"summary": ""}, "summary", "The summary is required."),
    ({"issued_on": None}, "issued_on", "The issue date is required."),
    ({"issued_on": "32/01/2017"}, "issued_on", "%(value)s is not a valid date: use YYYY-MM-DD."),
    ({"issuing_authority": None}, "issuing_authority", "Choose the issuing authority."),
    ({"issuing_authority": "council"}, "issuing_authority", "%(value)s is not a valid choice."),
    ({"urgency": "asap"}, "urgency", "%(value)s is not a valid choice."),
    ({"confidentiality": "private"}, "confidentiality", "%(value)s is not a valid choice."),
    ({"signer": "x" * 256}, "signer", "The signer is too long (at most %(max)s characters)."),
    ({"drafting_unit_id": "STC"}, "drafting_unit_id", "%(value)s is not a valid number."),
]


@pytest.mark.parametrize("change, field, message", DOCUMENT_REFUSALS)
def test_validate_document_refusals(change, field, message):
    with pytest.raises(RuleError) as err:
        rules.validate_document({**DOC, **change})
    assert err.value.message == message
    assert err.value.params.get("field") == field


@pytest.mark.parametrize("value", enums.DOC_TYPES)
def test_every_doc_type_is_accepted(value):
    assert rules.validate_document({**DOC, "doc_type": value})["doc_type"] == value


@pytest.mark.parametrize("level", sorted(enums.SECRET_LEVELS))
@pytest.mark.parametrize("document", ["object", "mapping"])
def test_secret_documents_take_no_task(level, document):
    doc = {"confidentiality": level, "issued_on": date(2017, 3, 1)}
    if document == "object":
        doc = SimpleNamespace(**doc)
    with pytest.raises(RuleError) as err:
        rules.validate_task(TASK, doc)
    assert err.value.message == rules.SECRET_TASKS_MESSAGE
    assert "Art. 5.2" in rules.SECRET_TASKS_MESSAGE


def test_validate_task_with_deadline_drops_cycle():
    cleaned = rules.validate_task({**TASK, "report_cycle": "quarter",
                                   "coordinating_unit_ids": [9, "8", 9]}, NORMAL_DOC)
    assert cleaned["has_deadline"] is True
    assert cleaned["deadline"] == date(2017, 4, 1)
    assert cleaned["report_cycle"] is None
    assert cleaned["coordinating_unit_ids"] == [9, 8]
    assert cleaned["must_report"] is False


def test_validate_task_without_deadline_drops_date():
    cleaned = rules.validate_task({**TASK, "has_deadline": False, "report_cycle": "year"},
                                  NORMAL_DOC)
    assert cleaned["deadline"] is None
    assert cleaned["report_cycle"] == "year"


def test_deadline_on_the_issue_date_is_accepted():
    cleaned = rules.validate_task({**TASK, "deadline": "2017-03-01"}, NORMAL_DOC)
    assert cleaned["deadline"] == date(2017, 3, 1)


# (change to TASK, field refused, msgid)
TASK_REFUSALS = [
    ({"content": " "}, "content", "The task content is required."),
    ({"lead_unit_id": None}, "lead_unit_id", "Choose the lead unit."),
    ({"lead_unit_id": "STC"}, "lead_unit_id", "%(value)s is not a valid number."),
    ({"coordinating_unit_ids": [7, 8]}, "coordinating_unit_ids",
     "The lead unit cannot also be a coordinating unit."),
    ({"deadline": None}, "deadline", "A task with a deadline needs the deadline date."),
    ({"deadline": "2017-02-28"}, "deadline",
     "The deadline cannot be before the document's issue date."),
    ({"deadline": "2017-13-01"}, "deadline", "%(value)s is not a valid date: use YYYY-MM-DD."),
    ({"has_deadline": False}, "report_cycle", "A task without a deadline needs an update cycle."),
    ({"has_deadline": False, "report_cycle": "monthly"}, "report_cycle",
     "%(value)s is not a valid choice."),
    ({"has_deadline": "sometimes"}, "has_deadline", "%(value)s is not true or false."),
]


@pytest.mark.parametrize("change, field, message", TASK_REFUSALS)
def test_validate_task_refusals(change, field, message):
    with pytest.raises(RuleError) as err:
        rules.validate_task({**TASK, **change}, NORMAL_DOC)
    assert err.value.message == message
    assert err.value.params.get("field") == field


@pytest.mark.parametrize("cycle", enums.REPORT_CYCLES)
def test_every_cycle_is_accepted(cycle):
    cleaned = rules.validate_task({**TASK, "has_deadline": False, "report_cycle": cycle},
                                  NORMAL_DOC)
    assert cleaned["report_cycle"] == cycle


# Editable fields by state, written out by hand.
ALL = {"content", "notes", "lead_unit_id", "coordinating_unit_ids", "monitoring_unit_id",
       "has_deadline", "must_report", "deadline", "report_cycle"}
EDITABLE = {
    "draft": ALL,
    "transferred": ALL - {"lead_unit_id"},
    "returned": ALL - {"lead_unit_id"},
    "accepted": {"notes", "coordinating_unit_ids", "monitoring_unit_id"},
    "in_progress": {"notes", "coordinating_unit_ids", "monitoring_unit_id"},
    "done_reported": {"notes", "coordinating_unit_ids", "monitoring_unit_id"},
    "closed": set(),
    "cancelled": set(),
}


@pytest.mark.parametrize("state", wf.STATES)
@pytest.mark.parametrize("field", sorted(ALL))
def test_check_editable(state, field):
    if field in EDITABLE[state]:
        rules.check_editable(state, [field])
    else:
        with pytest.raises(RuleError):
            rules.check_editable(state, [field])


@pytest.mark.parametrize("state, fields, message", [
    ("transferred", ["lead_unit_id"], "Use Reassign to give the task to another unit."),
    ("returned", ["lead_unit_id", "content"], "Use Reassign to give the task to another unit."),
    ("accepted", ["lead_unit_id"],
     "The lead unit cannot change after the unit accepted the task."),
    ("in_progress", ["deadline"],
     "After acceptance the deadline changes only by an extension decision."),
    ("done_reported", ["must_report"],
     "The content and the classification cannot change after the unit accepted the task."),
    ("closed", ["notes"], "A closed or cancelled task cannot be changed."),
    ("cancelled", ["notes"], "A closed or cancelled task cannot be changed."),
])
def test_check_editable_messages(state, fields, message):
    with pytest.raises(RuleError) as err:
        rules.check_editable(state, fields)
    assert err.value.message == message


def test_every_enum_value_has_a_label():
    pairs = [
        (enums.DOC_TYPES, enums.DOC_TYPE_LABELS),
        (enums.ISSUING_AUTHORITIES, enums.ISSUING_AUTHORITY_LABELS),
        (enums.URGENCIES, enums.URGENCY_LABELS),
        (enums.CONFIDENTIALITIES, enums.CONFIDENTIALITY_LABELS),
        (enums.REPORT_CYCLES, enums.REPORT_CYCLE_LABELS),
        (enums.PROGRESS_VALUES, enums.PROGRESS_LABELS),
        (enums.TIMELINESS_VALUES, enums.TIMELINESS_LABELS),
        (enums.UPDATE_KINDS, enums.UPDATE_KIND_LABELS),
    ]
    for values, labels in pairs:
        assert list(labels) == list(values)
    assert set(enums.EVENT_LABELS) == set(wf.ACTIONS) | {"create", "edit"}


def test_contract_enumerations():
    """The values of issue 3 item 11, written out: integrations rely on them."""
    assert enums.DOC_TYPES == ("decision", "directive", "official_letter", "telegram",
                               "conclusion_notice", "direction", "other")
    assert enums.ISSUING_AUTHORITIES == ("committee", "chairman", "vice_chairman")
    assert enums.URGENCIES == ("normal", "urgent", "very_urgent", "express")
    assert enums.CONFIDENTIALITIES == ("normal", "secret", "top_secret", "most_secret")
    assert enums.SECRET_LEVELS == {"secret", "top_secret", "most_secret"}
    assert enums.REPORT_CYCLES == ("quarter", "half_year", "year", "on_result")
    assert enums.PROGRESS_VALUES == ("not_started", "in_progress", "done")
    assert enums.TIMELINESS_VALUES == ("none", "within", "due_soon", "overdue",
                                       "done_on_time", "done_late")


@pytest.mark.parametrize("raw, shown", [
    ("1234/UBND\u200b-TH", "1234/UBND-TH"),
    ("\uff11\uff12\uff13\uff14\uff0fUBND\u2013TH", "1234/UBND-TH"),
    ("  45/2016/QĐ-UBND  ", "45/2016/QĐ-UBND"),
    ("12 \t / CĐ", "12 / CĐ"),
])
def test_a_number_is_stored_without_look_alikes(raw, shown):
    assert rules.clean_number(raw) == shown


@pytest.mark.parametrize("value", [True, False, 1.5, 3.0, "1.5", "abc", [3], {"id": 3}])
def test_an_id_is_a_whole_number_only(value):
    with pytest.raises(RuleError):
        rules.to_int(value, "lead_unit_id")


@pytest.mark.parametrize("value, expected", [(3, 3), ("3", 3), (" 12 ", 12), (None, None),
                                             ("", None)])
def test_an_id_reads_from_digits(value, expected):
    assert rules.to_int(value) == expected


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1989-12-31", "2100-01-01",
                                   date(1, 1, 1), "2017-02-31", "31/12/2017"])
def test_dates_outside_the_sections_range_or_impossible_are_refused(value):
    with pytest.raises(RuleError):
        rules.to_date(value, "deadline")


@pytest.mark.parametrize("value", ["1990-01-01", "2099-12-31", "2017-02-28"])
def test_dates_inside_the_range_are_read(value):
    assert rules.to_date(value).isoformat() == value


@pytest.mark.parametrize("typed", ["01/01/0001", "31/12/9999", "31/02/2017", "2017-13-01"])
def test_a_typed_day_out_of_range_or_impossible_is_a_value_error(typed):
    from app.screens.common import parse_day

    with pytest.raises(ValueError):
        parse_day(typed)
