"""History pages (django-simple-history) with values a coordinator reads: labels, local dates, "—"."""

from django.db.models import ManyToManyField
from simple_history.template_utils import HistoricalRecordContextHelper

from ..review import EMPTY, display_value


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            items = super().prepare_delta_change_value(change, value)
            return ", ".join(str(item) for item in items) or EMPTY
        if field.is_relation:
            return EMPTY if value is None else str(value)
        return display_value(field, value)


class ReadableHistoryMixin:
    """For SimpleHistoryAdmin: readable changes and the status as its label."""

    history_list_display = ["status"]

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def get_history_list_display(self, request):
        return [name for name in self.history_list_display if hasattr(self.model, name)]

    def status(self, record):
        # Shown in the history list (simple-history calls admin methods named in history_list_display).
        return record.get_status_display()
