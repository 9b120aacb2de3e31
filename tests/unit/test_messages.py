"""Messages from the pure core: ids, parameters, and counts shown with thousands separators."""
import gettext

import pytest

from mentor_xblock.core.content import ContentError, validate_settings
from mentor_xblock.core.messages import N_, number


def test_number_parameters_keep_the_id_and_show_separators():
    message = N_("The reason is {length} characters long; the limit is {limit}.",
                 length=number(12345), limit=number(2000))
    assert message == "The reason is 12,345 characters long; the limit is 2,000."
    assert message.msgid == "The reason is {length} characters long; the limit is {limit}."
    assert message.translate(gettext.NullTranslations()) == message


def test_the_weight_refusal_shows_the_limit_as_people_write_it():
    with pytest.raises(ContentError) as refused:
        validate_settings({"weight": "500"})
    message = refused.value.errors[0].message
    assert message == "must be a number between 0 and 100, not '500'"
    assert message.msgid == "must be a number between 0 and {max}, not {value}"
