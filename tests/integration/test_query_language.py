"""The workbench's ?lang= links (issue 23: `?lang=ar` did nothing; only Accept-Language worked)."""


def test_lang_in_the_address_picks_the_language_and_is_remembered(workbench):
    page = workbench.client.get("/scenario/mentorship.0/", {"student": "student_1", "lang": "ar"}).content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    again = workbench.client.get("/scenario/mentorship.0/", {"student": "student_1"}).content.decode()
    assert 'lang="ar"' in again  # the choice stays for the next page (the language cookie)
    english = workbench.client.get("/scenario/mentorship.0/", {"student": "student_1", "lang": "en"}).content.decode()
    assert 'dir="ltr"' in english and 'lang="en"' in english


def test_an_unknown_lang_changes_nothing(workbench):
    page = workbench.client.get("/scenario/mentorship.0/", {"student": "student_1", "lang": "xx"}).content.decode()
    assert 'lang="en"' in page
