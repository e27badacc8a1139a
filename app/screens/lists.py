"""What the list screens share: filters on enumerations and yes/no columns.

FAB offers text operators on every string column ("Starts with" first) and a
checkbox that only matches "checked" on booleans. A column whose values are
an enumeration is filtered with "Is" / "Is one of" on a drop-down of its
labels instead, and a yes/no column with "Is" on "Yes" / "No":

* ``ListInterface(Model, choices={"state": STATE_LABELS, ...})`` is the data
  interface of such a list (accent-insensitive ``search_key`` included);
* ``search_fields(labels, choices, yes_no)`` are the matching search-form
  fields for ``search_form_extra_fields``.

"Is one of" posts the same filter several times (``_flt_1_state=a&_flt_1_state=b``);
``app/static/fab/ab_filters.js`` turns the drop-down into a multiple choice
when that operator is chosen (the field's ``data-multiple-op``).

The filters keep FAB's REST names (``eq``, ``in``) and FAB's behaviour for
every other column: FAB registers filter classes by name process-wide, so the
API may be handed these for its own ``eq`` and ``in``.
"""
from flask_appbuilder.models.sqla.filters import FilterIn
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.filters import FilterIs, FoldedInterface
from app.rules import N_

YES, NO = "1", "0"
YES_NO_LABELS = {YES: N_("Yes"), NO: N_("No")}
# Where "Is" and "Is one of" stand among an enumeration's operators (the URL's _flt_<n>_).
IS, IS_ONE_OF = 0, 1

class FilterIsOneOf(FilterIn):
    """FAB's "In", named "Is one of"; a single value counts as a list of one."""

    name = _l("Is one of")
    arg_name = "in"

    def apply(self, query, value):
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        return super().apply(query, values)


class _Derived:
    """A column whose value follows from another's (the status from the state):
    filtered on that other column, so that it finds what the badges show.
    Keeps FAB's names (``eq``, ``in``) and, on an interface without the
    column's rule (FAB's registry is process-wide), FAB's behaviour."""

    def apply(self, query, value):
        derived = getattr(self.datamodel, "derived", {}).get(self.column_name)
        if derived is None:  # handed to another interface by FAB's registry: plain filter
            return super().apply(query, value)
        target, values_of = derived
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        wanted = sorted({v for value in values for v in values_of(value)})
        return query.filter(getattr(self.model, target).in_(wanted))


class FilterDerivedIs(_Derived, FilterIs):
    pass


class FilterDerivedIsOneOf(_Derived, FilterIsOneOf):
    pass


class ListConverter(FoldedInterface.filter_converter_class):
    def convert(self, col_name):
        if col_name in getattr(self.datamodel, "derived", {}):
            return [FilterDerivedIs(col_name, self.datamodel),
                    FilterDerivedIsOneOf(col_name, self.datamodel)]
        if col_name in getattr(self.datamodel, "choices", {}):
            return [FilterIs(col_name, self.datamodel), FilterIsOneOf(col_name, self.datamodel)]
        return super().convert(col_name)


class ListInterface(FoldedInterface):
    """The data interface of a list screen.

    ``choices``: column → {value: label msgid}, filtered "Is" / "Is one of";
    yes/no columns are filtered "Is". ``derived``: column → (other column,
    value → the other column's values), for a column filtered through another
    (also list it in ``choices`` for its drop-down). ``row_columns``: list
    columns whose formatter receives the whole row (badges that read several
    columns). ``eager``: relations the list shows on every row.
    """

    filter_converter_class = ListConverter

    def __init__(self, obj, choices=None, row_columns=(), derived=None, session=None,
                 eager=()):
        self.choices = dict(choices or {})
        self.derived = dict(derived or {})
        self.row_columns = frozenset(row_columns)
        super().__init__(obj, session, eager=eager)

    def _get_attr_value(self, item, col):
        if col in self.row_columns:
            return item
        return super()._get_attr_value(item, col)


def _lazy(text):
    # A msgid (app.rules.enums) or an already lazy label.
    return _l(text) if isinstance(text, str) else text


def choice_field(label, labels):
    """A drop-down of an enumeration's labels for the search form; it becomes
    a multiple choice under "Is one of"."""
    return SelectField(label, choices=[(value, _lazy(text)) for value, text in labels.items()],
                       render_kw={"class": "form-control my_select2 filter-choice",
                                  "data-multiple-op": str(IS_ONE_OF)})


def yes_no_field(label):
    return SelectField(label, choices=[(value, _l(text)) for value, text
                                       in YES_NO_LABELS.items()],
                       render_kw={"class": "form-control filter-choice"})


def search_fields(labels, choices=None, yes_no=()):
    """``search_form_extra_fields`` for the enumerations and yes/no columns."""
    fields = {name: choice_field(labels[name], values) for name, values
              in (choices or {}).items()}
    fields.update({name: yes_no_field(labels[name]) for name in yes_no})
    return fields
