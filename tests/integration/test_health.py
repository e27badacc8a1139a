def test_health_reports_db_and_redis(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"db", "redis", "workers", "scheduler", "calendar",
                         "calendar_seeded_through", "version"}
    assert (body["db"], body["redis"]) == ("ok", "ok")
    assert body["scheduler"] in ("ok", "down")
    assert isinstance(body["workers"], int)


def test_health_is_503_when_redis_is_down(app, client, tmp_path):
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = f"unix://{tmp_path}/nobody-listens.sock"
    try:
        response = client.get("/health")
    finally:
        app.config["REDIS_URL"] = saved
    assert response.status_code == 503
    assert response.json["redis"] == "down" and response.json["db"] == "ok"


def test_health_reveals_nothing_else(client):
    text = client.get("/health").get_data(as_text=True)
    for secret in ("sqlite", "postgresql", "unix://", "redis://", "admin"):
        assert secret not in text


def test_each_client_is_its_own_user_even_inside_an_app_context(ctx, login):
    """Guards the test harness: a stale signed-in user would fake access results."""
    admin, clerk = login("admin"), login("buonmathuot")
    assert admin.get("/users/list/").status_code == 200
    assert clerk.get("/users/list/").status_code == 403
    assert admin.get("/users/list/").status_code == 200
