"""A rison filter value of the wrong kind answers 400 with a message, on every
database, instead of reaching the database (a 500 on PostgreSQL)."""
import pytest


@pytest.mark.parametrize("col,opr,value", [
    ("entry_late", "eq", "'abc'"),
    ("deadline", "gt", "'31/02/2017'"),
    ("deadline", "eq", "12"),
    ("deadline", "eq", "!('2017-03-01')"),
    ("search_key", "fold", "12"),
    ("search_key", "fold", "!(a,b)"),
    ("state", "eq", "!t"),
])
def test_a_value_of_the_wrong_kind_answers_400(client, api_token, col, opr, value):
    q = f"(filters:!((col:{col},opr:{opr},value:{value})))"
    response = client.get("/api/v1/task/", query_string={"q": q, "_l_": "en"},
                          headers=api_token("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["message"] == f"The filter on {col} has a value of the wrong kind."


@pytest.mark.parametrize("col,opr,value", [
    ("entry_late", "eq", "!t"), ("entry_late", "eq", "'false'"), ("entry_late", "eq", "1"),
    ("deadline", "gt", "'2017-03-01'"), ("lead_unit", "rel_o_m", "3"),
    ("search_key", "fold", "'quá hạn'"), ("state", "in", "!(draft,closed)"),
])
def test_a_value_of_the_right_kind_is_read(client, api_token, col, opr, value):
    q = f"(filters:!((col:{col},opr:{opr},value:{value})))"
    response = client.get("/api/v1/task/", query_string={"q": q},
                          headers=api_token("vanphong"))
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize("col,opr,value", [
    ("entry_late", "eq", "!n"), ("lead_unit", "rel_o_m", "'x'"),
    ("lead_unit", "rel_o_m", "99999999999999999999"), ("coordinating_units", "rel_m_m", "!t"),
    ("no_such_column", "eq", "1"), ("state", "no_such_operator", "'x'"),
])
def test_odd_filters_never_answer_500(client, api_token, col, opr, value):
    q = f"(filters:!((col:{col},opr:{opr},value:{value})))"
    response = client.get("/api/v1/task/", query_string={"q": q},
                          headers=api_token("vanphong"))
    assert response.status_code in (200, 400), response.get_data(as_text=True)
