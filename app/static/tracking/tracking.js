/* Searchable selects on the tracking forms. FAB's own initialisation sets an
 * English placeholder; ours reads a translated one from the page, and offers
 * "clear" only where an empty choice is allowed. Select2 4 matches with or
 * without diacritics ("krong pac" finds "Krông Pắc"). */
(function ($) {
  "use strict";
  $(function () {
    $("select.tracking-select").each(function () {
      var blank = this.querySelector('option[value=""]') !== null;
      $(this).select2({
        placeholder: this.getAttribute("data-placeholder") || "",
        allowClear: blank || this.multiple,
        theme: "bootstrap",
        width: "100%"
      });
    });
  });
}(window.jQuery));
