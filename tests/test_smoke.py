def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_clause_page(client, version, people, login):
    login(people.delegate)
    response = client.get("/drafts/test-framework/draft-1/clauses/1.2(a)")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "the name and address of the seller" in response.get_data(as_text=True)
