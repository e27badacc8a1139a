/* Searched drop-downs of documents (app/screens/forms.py: lookup_select).
 * A <select class="tracking-lookup" data-lookup="URL"> holds only the chosen
 * document; select2 asks URL?q=<typed> for the few matching ones
 * (app/screens/lookup.py) and the id is posted as a plain <select> would.
 * The list screens' filter rows are made by FAB's filter script after the page
 * loaded (app/static/fab/ab_filters.js): a MutationObserver turns those into
 * searched drop-downs as they appear; a filter row left without a document is
 * not sent (FAB's relation filter would read "" as an id). */
(function ($) {
  "use strict";

  function setUp(select) {
    if (!select.getAttribute("data-lookup") || $(select).hasClass("select2-hidden-accessible")) {
      return;
    }
    var $select = $(select);
    var failed = select.getAttribute("data-error") || "";
    $select.select2({
      theme: "bootstrap",
      width: "100%",
      placeholder: select.getAttribute("data-placeholder") || "",
      allowClear: true,
      minimumInputLength: 0,
      language: {
        errorLoading: function () { return failed; }
      },
      ajax: {
        url: select.getAttribute("data-lookup"),
        dataType: "json",
        delay: 250,
        cache: true,
        data: function (params) { return {q: params.term || ""}; },
        processResults: function (data) {
          return {results: (data && data.results) || [], pagination: {more: false}};
        }
      }
    });
  }

  function setUpAll(root) {
    $(root).find("select.tracking-lookup").addBack("select.tracking-lookup").each(function () {
      setUp(this);
    });
  }

  document.addEventListener("submit", function (e) {
    $(e.target).find("select.tracking-lookup.filter_val").each(function () {
      if (!this.value) {
        this.disabled = true;
      }
    });
  }, true);

  $(function () {
    setUpAll(document.body);
    if (window.MutationObserver) {
      new MutationObserver(function (mutations) {
        mutations.forEach(function (mutation) {
          mutation.addedNodes.forEach(function (node) {
            if (node.nodeType === 1) {
              setUpAll(node);
            }
          });
        });
      }).observe(document.body, {childList: true, subtree: true});
    }
  });
}(window.jQuery));
