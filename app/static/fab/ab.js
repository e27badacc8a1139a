// Flask-AppBuilder 5.3's ab.js with its English literals taken from window.FAB_I18N
// (rendered by app/templates/appbuilder/init.html through our catalogs).

//-----------------------------------------------------------------------------------
// Enter inside a searchable drop-down (select2) picks a choice; it never submits the
// form around it. Caught before select2's own handlers, which still pick the choice.
//-----------------------------------------------------------------------------------
document.addEventListener('keydown', function (e) {
    if ((e.key === 'Enter' || e.keyCode === 13) && e.target && e.target.closest
            && e.target.closest('.select2-container, .select2-search')) {
        e.preventDefault();
    }
}, true);

// Select2's own words (no results, searching, the clear button's title) in the page's
// language; ab.js runs after select2.min.js (init.html), before any select2 is made.
if (window.jQuery && jQuery.fn.select2 && jQuery.fn.select2.defaults && window.FAB_I18N) {
    jQuery.fn.select2.defaults.set("language", {
        noResults: function () { return FAB_I18N.no_results; },
        searching: function () { return FAB_I18N.searching; },
        removeAllItems: function () { return FAB_I18N.remove_all; }
    });
}

//-----------------------------------------------------------
// AJAX REST call to server to fetch data for select2 Slaves
//-----------------------------------------------------------
function loadSelectDataSlave(elem) {
    $(".my_select2_ajax_slave").each(function (index) {
        var elem = $(this);
        var master_id = elem.attr('master_id');
        var master_val = $('#' + master_id).val();
        if (master_val) {
            var endpoint = elem.attr('endpoint');
            endpoint = endpoint.replace("{{ID}}", master_val);
            $.get(endpoint, function (data) {
                elem.select2({data: data, placeholder: FAB_I18N.select, allowClear: true});
            });
        } else {
            elem.select2({
                data: {id: "", text: ""},
                placeholder: FAB_I18N.select,
                allowClear: true
            });
        }
        $('#' + master_id).on("change", function (e) {
            var change_master_val = $('#' + master_id).val();
            var endpoint = elem.attr('endpoint');
            if (change_master_val) {
                endpoint = endpoint.replace("{{ID}}", change_master_val);
                $.get(endpoint, function (data) {
                    elem.select2({data: data, placeholder: FAB_I18N.select, allowClear: true});
                });
            }
        })
    });
}


//----------------------------------------------------
// AJAX REST call to server to fetch data for select2
//----------------------------------------------------
function loadSelectData() {
    $(".my_select2_ajax").each(function (index) {
        var elem = $(this);
        $.get($(this).attr('endpoint'), function (data) {
            elem.select2({data: data, placeholder: FAB_I18N.select, allowClear: true});
        });
    });
}


//---------------------------------------
// Setup date time modal views, select2
//---------------------------------------
$(function () {

    $('.appbuilder_datetime').datepicker({
        format: 'yyyy-mm-dd'
    });
    $('.appbuilder_date').datepicker({
        format: 'yyyy-mm-dd',
        pickTime: false
    });
    $(".my_select2").select2(
        {placeholder: FAB_I18N.select_state, allowClear: true, theme: "bootstrap"}
    );
    $(".my_select2.readonly").select2("readonly", true);
    loadSelectData();
    loadSelectDataSlave();
    $("a").tooltip({container: '.row', 'placement': 'bottom'});
});


$(".my_change").on("change", function (e) {
    var theForm = document.getElementById("model_form");
    theForm.action = "";
    theForm.method = "get";
    theForm.trigger('submit');
})


//---------------------------------------
// Bootstrap modal, javascript alert
//---------------------------------------
function ab_alert(text) {
    $('#modal-alert').on('show.bs.modal', function (e) {
            $('.modal-text').text(text);
        }
    );
    $('#modal-alert').modal('show');
};


//---------------------------------------
// Modal confirmation JS support
//---------------------------------------

// On link attr "data-text" is set to the modal text
$(function () {
    $(".confirm").on('click', function () {
        $('.modal-text').text($(this).data('text'));
    });
});

// If positive confirmation on model follow link
$('#modal-confirm').on('show.bs.modal', function (e) {
    $(this).find('#modal-confirm-ok').attr('href', $(e.relatedTarget).data('href'));
});

