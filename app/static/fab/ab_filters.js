// Flask-AppBuilder 5.3's ab_filters.js with its English literals taken from window.FAB_I18N
// (rendered by app/templates/appbuilder/init.html through our catalogs), and "Is one of":
// a value drop-down whose data-multiple-op names an operator (app/screens/lists.py) becomes
// a multiple choice while that operator is chosen, and an active "Is one of" filter comes
// back as one row holding all its values.
var AdminFilters = function (element, labels, form, filters, active_filters) {
    // Admin filters will deal with the adding and removing of search filters
    // :param labels:
    //      {'col','label'}
    // :param active_filters:
    //      [['col','filter name','value'],[...],...]

    let $root = $(element);
    let $container = $('.filters', $root);
    let lastCount = 0;

    function removeFilter() {
        $(this).closest('tr').remove();
        $('button', $root).show();

        return false;
    }

    // Whether operator `filter_name` of column `name` takes several values.
    function isMultipleOp(name, filter_name) {
        const index = $(form[name]).attr('data-multiple-op');
        return index !== undefined && filters[name] !== undefined
            && String(filters[name][parseInt(index, 10)]) === String(filter_name);
    }

    function setMultiple($field, multiple) {
        if ($field.prop('multiple') === multiple) {
            return;
        }
        const select2 = $field.hasClass('select2-hidden-accessible');
        if (select2) {
            $field.select2('destroy');
        }
        let current = $field.val();
        $field.prop('multiple', multiple);
        if (!multiple && Array.isArray(current)) {
            current = current.length ? current[0] : null;
        } else if (multiple && !$field.data('chosen')) {
            current = [];  // the first choice was only the single drop-down's default
        }
        $field.val(current);
        if (select2) {
            $field.select2({placeholder: FAB_I18N.select_state, allowClear: true,
                            theme: "bootstrap", width: "100%"});
        }
    }

    function addActiveFilters() {
        $(active_filters).each(function () {
            if (Array.isArray(this[2]) && !isMultipleOp(this[0], this[1])) {
                // Multiple values applied for the same filter.
                for (var i = 0; i < this[2].length; i++) {
                    addActiveFilter(this[0], this[1], this[2][i]);
                }
            } else {
                addActiveFilter(this[0], this[1], this[2]);
            }
        });
    }

    function addActiveFilter(name, filter_name, value) {
        let $el = $('<tr />').appendTo($container);

        addRemoveFilter($el, name, labels[name]);
        let i_option = addFilterOptionsValue($el, name, filter_name, false);

        let $field = $(form[name]);
        // if form item complex like <div><input bla></div>, datetime
        if ($("input", $($field)).html() != undefined) {
            $field_inner = $("input", $field)
            $field_inner.attr('name', '_flt_' + i_option + '_' + name);
            $field_inner.val(value);
            $field_inner.attr('class', ' filter_val ' + $field_inner.attr('class'));
        } else {
            if (($field.attr('type')) === 'checkbox') {
                $field.attr('checked', true);
            }
            $field.attr('name', '_flt_' + i_option + '_' + name);
            if (isMultipleOp(name, filter_name)) {
                $field.prop('multiple', true);
            }
            $field.val(value);
            $field.attr('class', ' filter_val ' + $field.attr('class'));
        }
        $el.append(
            $('<td class="filter"/>').append($field)
        );
    }

    function addRemoveFilter($el, name, label) {
        $el.append(
            $('<td />').append(
                $('<a href="#" class="btn remove-filter" />')
                    .append($('<span class="close-icon">&times;</span>'))
                    .append('&nbsp;')
                    .append(label)
                    .on('click', removeFilter)
            )
        );
    }

    function addFilterOptionsValue($el, name, value, activateSelect2 = true) {
        let $select = $('<select class="filter-op my_select2" />');
        let cx = 0;
        let i_option = -1;
        $(filters[name]).each(function () {
            if (value == this) {
                $select.append($('<option selected="selected"/>').attr('value', cx).text(this));
                i_option = cx;
            } else {
                $select.append($('<option/>').attr('value', cx).text(this));
            }
            cx += 1;
        });
        $el.append(
            $('<td class="filter"/>').append($select)
        );
        // avoids error
        // if (i_option === -1) { $select.select2(); }
        // 'change' fires for a plain select and for select2 alike.
        $select.on('change', function () {
            changeOperation($(this).val(), $el, name);
        });
        if (activateSelect2) {
            $select.select2({
                placeholder: FAB_I18N.select_state,
                allowClear: true,
                theme: "bootstrap"
            });
        }
        return i_option;
    }


    function addFilter(name, filter) {
        let $el = $('<tr />').appendTo($container);

        addRemoveFilter($el, name, labels[name]);

        addFilterOptionsValue($el, name);
        let $field = $(form[name]);

        // if form item complex like <div><input bla></div>, datetime
        if ($("input", $($field)).html() != undefined) {
            $field_inner = $("input", $($field))
            $field_inner.attr('name', '_flt_0_' + name);
            $field_inner.attr('class', ' filter_val ' + $field_inner.attr('class'));
            $field_inner.attr('style', "width: 100%");
        } else {
            $field.attr('name', '_flt_0_' + name);
            $field.attr('class', ' filter_val ' + $field.attr('class'));
        }
        $el.append(
            $('<td class="filter"/>').append($field)
        );
        $field.on('change', function () {
            $(this).data('chosen', true);
        });
        if ($field.hasClass("my_select2")) {
            $field.select2({
                placeholder: FAB_I18N.select_state,
                allowClear: true,
                theme: "bootstrap",
                width: "100%"
            });
        }
        if ($field.hasClass("appbuilder_datetime")) {
            $field.datetimepicker();
        }
        if ($field.hasClass("appbuilder_date")) {
            $field.datetimepicker({pickTime: false});
        }
        lastCount += 1;
    }

    // ----------------------------------------------------------
    // Trigger for option change will change input element name
    // ----------------------------------------------------------
    function changeOperation(op, $el, name) {
        if (op === null || op === undefined || op === '') {
            return;
        }
        let $in = $el.find('.filter_val');
        $in.attr('name', '_flt_' + op + '_' + name);
        const multipleOp = $in.attr('data-multiple-op');
        if (multipleOp !== undefined) {
            setMultiple($in, String(op) === String(multipleOp));
        }
    }

    $('a.filter').on('click', function () {
        const name = $(this).attr('name');
        addFilter(name);
    });

    addActiveFilters();
};
