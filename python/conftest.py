# Lets the tests import flipbook_record from this checkout without installing it.
