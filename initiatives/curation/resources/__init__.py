"""Spreadsheet import and export of initiatives, sessions and providers (django-import-export).

Usable from code as well as from the admin:

    result = InitiativeResource(user=request.user).import_data(dataset, dry_run=True)

Every row is checked (the model's full_clean) before it is saved, initiatives and sessions in
batches, and the import is all or nothing: one transaction, rolled back for a preview or for any
invalid row (also on confirm). Rows are found by natural key, so re-importing a file changes nothing. Errors are keyed
by the Dutch column name and numbered as Excel numbers the rows (the header is row 1).

The column names are a file format, so they are fixed Dutch strings, not translated.
"""

from .initiative import InitiativeResource
from .provider import ProviderResource
from .session import SessionResource

__all__ = ["InitiativeResource", "ProviderResource", "SessionResource"]
