def test_login_page_is_vietnamese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.get_data(as_text=True)


def test_admin_logs_in_and_sees_units(login):
    page = login("admin").get("/units/list/").get_data(as_text=True)
    assert "Krông Pắc" in page
