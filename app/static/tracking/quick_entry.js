/* Quick entry of a document and all its tasks, from the keyboard.
 *
 * Every visible string comes from the page (#qe-data "messages", translated
 * by the server); units come from the same blob (the user's visible units).
 * Type-ahead folds Vietnamese the way app/rules/text.py does: đ → d, NFD,
 * combining marks removed, lower case, spaces collapsed.
 */
(function () {
  "use strict";

  var root = document.getElementById("quick-entry");
  if (!root) { return; }
  var DATA = JSON.parse(document.getElementById("qe-data").textContent);
  var MSG = DATA.messages;
  var tbody = root.querySelector("#qe-tasks tbody");
  var template = document.getElementById("qe-row-template");
  var docForm = document.getElementById("qe-document");
  var MAX_MATCHES = 8;

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function format(message, params) {
    return message.replace(/%\((\w+)\)s/g, function (all, key) {
      return params && key in params ? params[key] : all;
    });
  }

  var UNITS = DATA.units.map(function (u) {
    return { id: u.id, name: u.name, key: fold(u.name + " " + u.short + " " + u.code),
             short: fold(u.short), code: fold(u.code) };
  });
  var UNIT_BY_ID = {};
  UNITS.forEach(function (u) { UNIT_BY_ID[u.id] = u; });

  function matches(query, exclude) {
    var words = fold(query).split(" ").filter(Boolean);
    if (!words.length) { return []; }
    var found = UNITS.filter(function (u) {
      return !exclude[u.id] && words.every(function (w) { return u.key.indexOf(w) >= 0; });
    });
    var q = words.join(" ");
    // Short names and codes typed from their start first ("krong pac", "stc").
    found.sort(function (a, b) {
      var ra = (a.short.indexOf(q) === 0 || a.code === q) ? 0 : 1;
      var rb = (b.short.indexOf(q) === 0 || b.code === q) ? 0 : 1;
      return ra - rb;
    });
    return found.slice(0, MAX_MATCHES);
  }

  /* ---- Type-ahead (one unit, or several as chips) -------------------- */

  function TypeAhead(box) {
    this.box = box;
    this.multi = box.classList.contains("qe-multi");
    this.input = box.querySelector(".qe-ta-input");
    this.hidden = box.querySelector("input[type=hidden]");
    this.chips = box.querySelector(".qe-chips");
    this.values = [];
    this.list = document.createElement("ul");
    this.list.className = "qe-ta-list hidden";
    this.list.setAttribute("role", "listbox");
    box.appendChild(this.list);
    this.items = [];
    this.active = -1;
    box.typeahead = this;
    var self = this;
    this.input.addEventListener("input", function () {
      if (!self.multi) { self.hidden.value = ""; }
      self.refresh();
    });
    this.input.addEventListener("keydown", function (e) { self.onKey(e); });
    this.input.addEventListener("blur", function () {
      setTimeout(function () { self.settle(); }, 150);
    });
    this.list.addEventListener("mousedown", function (e) {
      var li = e.target.closest("li[data-id]");
      if (li) { e.preventDefault(); self.pick(UNIT_BY_ID[li.dataset.id]); }
    });
  }

  TypeAhead.prototype.isOpen = function () {
    return !this.list.classList.contains("hidden");
  };

  TypeAhead.prototype.close = function () {
    this.list.classList.add("hidden");
    this.input.setAttribute("aria-expanded", "false");
    this.active = -1;
  };

  TypeAhead.prototype.refresh = function () {
    var exclude = {};
    this.values.forEach(function (id) { exclude[id] = true; });
    this.items = matches(this.input.value, exclude);
    this.list.innerHTML = "";
    if (!fold(this.input.value)) { this.close(); return; }
    if (!this.items.length) {
      var none = document.createElement("li");
      none.className = "qe-ta-none";
      none.textContent = MSG.no_match;
      this.list.appendChild(none);
    }
    var self = this;
    this.items.forEach(function (u, i) {
      var li = document.createElement("li");
      li.dataset.id = u.id;
      li.setAttribute("role", "option");
      li.textContent = u.name;
      if (i === 0) { li.className = "active"; }
      self.list.appendChild(li);
    });
    this.active = this.items.length ? 0 : -1;
    this.list.classList.remove("hidden");
    this.input.setAttribute("aria-expanded", "true");
  };

  TypeAhead.prototype.move = function (step) {
    if (!this.items.length) { return; }
    this.active = (this.active + step + this.items.length) % this.items.length;
    var lis = this.list.querySelectorAll("li[data-id]");
    lis.forEach(function (li, i) { li.classList.toggle("active", i === this.active); }, this);
  };

  TypeAhead.prototype.onKey = function (e) {
    if (this.isOpen()) {
      if (e.key === "ArrowDown") { e.preventDefault(); this.move(1); return; }
      if (e.key === "ArrowUp") { e.preventDefault(); this.move(-1); return; }
      if (e.key === "Escape") { e.preventDefault(); this.close(); return; }
      if ((e.key === "Enter" || e.key === "Tab") && this.active >= 0 && !e.ctrlKey) {
        if (e.key === "Enter") { e.preventDefault(); }
        e.qeHandled = true;
        this.pick(this.items[this.active]);
        return;
      }
    }
    if (this.multi && e.key === "Backspace" && !this.input.value && this.values.length) {
      this.remove(this.values[this.values.length - 1]);
    }
  };

  TypeAhead.prototype.pick = function (unit) {
    if (!unit) { return; }
    if (this.multi) {
      this.add(unit.id);
      this.input.value = "";
    } else {
      this.set(unit.id);
    }
    this.close();
    clearError(this.box.closest("[data-field]"));
  };

  TypeAhead.prototype.settle = function () {
    // Leaving the field: take the only match, or flag what was typed.
    if (this.isOpen()) { this.close(); }
    var typed = fold(this.input.value);
    if (!typed) { return; }
    if (!this.multi && this.hidden.value && fold(UNIT_BY_ID[this.hidden.value].name) === typed) {
      return;
    }
    var exclude = {};
    this.values.forEach(function (id) { exclude[id] = true; });
    var found = matches(this.input.value, exclude);
    if (found.length === 1) { this.pick(found[0]); return; }
    showError(this.box.closest("[data-field]"), MSG.pick_unit);
  };

  TypeAhead.prototype.set = function (id) {
    if (this.multi) { this.clear(); this.add(id); return; }
    var unit = UNIT_BY_ID[id];
    this.hidden.value = unit ? unit.id : "";
    this.input.value = unit ? unit.name : "";
    this.input.title = unit ? unit.name : "";  // long names do not fit the column
  };

  TypeAhead.prototype.value = function () {
    if (this.multi) { return this.values.slice(); }
    return this.hidden.value ? parseInt(this.hidden.value, 10) : null;
  };

  TypeAhead.prototype.clear = function () {
    if (this.multi) {
      this.values = [];
      this.chips.innerHTML = "";
    } else {
      this.hidden.value = "";
    }
    this.input.value = "";
  };

  TypeAhead.prototype.add = function (id) {
    id = parseInt(id, 10);
    if (this.values.indexOf(id) >= 0 || !UNIT_BY_ID[id]) { return; }
    this.values.push(id);
    var chip = document.createElement("span");
    chip.className = "label label-info qe-chip";
    chip.dataset.id = id;
    chip.textContent = UNIT_BY_ID[id].name + " ";
    var x = document.createElement("button");
    x.type = "button";
    x.className = "qe-chip-remove";
    x.setAttribute("aria-label", MSG.remove);
    x.textContent = "×";
    var self = this;
    x.addEventListener("click", function () { self.remove(id); self.input.focus(); });
    chip.appendChild(x);
    this.chips.appendChild(chip);
  };

  TypeAhead.prototype.remove = function (id) {
    this.values = this.values.filter(function (v) { return v !== id; });
    var chip = this.chips.querySelector('[data-id="' + id + '"]');
    if (chip) { chip.remove(); }
  };

  TypeAhead.prototype.setMany = function (ids) {
    this.clear();
    ids.forEach(this.add, this);
  };

  /* ---- Rows ---------------------------------------------------------- */

  function rows() { return Array.prototype.slice.call(tbody.querySelectorAll("tr.qe-row")); }

  function renumber() {
    rows().forEach(function (tr, i) { tr.querySelector(".qe-no").textContent = i + 1; });
  }

  function syncDeadline(tr) {
    var has = tr.querySelector(".qe-has-deadline").checked;
    tr.querySelector(".qe-deadline").classList.toggle("hidden", !has);
    tr.querySelector(".qe-cycle").classList.toggle("hidden", has);
  }

  function addRow(focus) {
    var tr = template.content.firstElementChild.cloneNode(true);
    tbody.appendChild(tr);
    tr.querySelectorAll(".qe-ta").forEach(function (box) { new TypeAhead(box); });
    tr.querySelector(".qe-has-deadline").addEventListener("change", function () {
      syncDeadline(tr);
    });
    tr.querySelector(".qe-same").addEventListener("click", function () { sameAsAbove(tr); });
    tr.querySelector(".qe-remove").addEventListener("click", function () {
      if (rows().length > 1) { tr.remove(); renumber(); }
    });
    renumber();
    if (focus !== false) { tr.querySelector(".qe-content").focus(); }
    return tr;
  }

  function sameAsAbove(tr) {
    var above = tr.previousElementSibling;
    if (!above) { return; }
    var lead = above.querySelector('[data-name="lead_unit_id"]').typeahead.value();
    tr.querySelector('[data-name="lead_unit_id"]').typeahead.set(lead);
    tr.querySelector('[data-name="coordinating_unit_ids"]').typeahead.setMany(
      above.querySelector('[data-name="coordinating_unit_ids"]').typeahead.value());
    ["qe-has-deadline"].forEach(function (cls) {
      tr.querySelector("." + cls).checked = above.querySelector("." + cls).checked;
    });
    tr.querySelector(".qe-deadline").value = above.querySelector(".qe-deadline").value;
    tr.querySelector(".qe-cycle").value = above.querySelector(".qe-cycle").value;
    syncDeadline(tr);
    tr.querySelectorAll("[data-field]").forEach(clearError);
  }

  function rowData(tr) {
    var has = tr.querySelector(".qe-has-deadline").checked;
    return {
      content: tr.querySelector(".qe-content").value,
      kind: tr.querySelector(".qe-kind").value,
      lead_unit_id: tr.querySelector('[data-name="lead_unit_id"]').typeahead.value(),
      coordinating_unit_ids: tr.querySelector('[data-name="coordinating_unit_ids"]')
        .typeahead.value(),
      has_deadline: has,
      deadline: has ? tr.querySelector(".qe-deadline").value : null,
      report_cycle: has ? null : tr.querySelector(".qe-cycle").value || null,
      must_report: tr.querySelector(".qe-must-report").checked
    };
  }

  function documentData() {
    var data = {};
    ["doc_type", "number_symbol", "issued_on", "urgency", "confidentiality", "summary",
     "issuing_authority", "signer", "drafting_unit_id"].forEach(function (name) {
      data[name] = docForm.elements[name].value;
    });
    data.drafting_unit_id = data.drafting_unit_id ? parseInt(data.drafting_unit_id, 10) : null;
    data.complex_entry = docForm.elements.complex_entry.checked;
    return data;
  }

  /* ---- Messages and errors -------------------------------------------- */

  function alertBox(kind, text) {
    var box = document.getElementById("qe-alert");
    box.className = "alert alert-" + kind;
    box.textContent = text;
    if (!text) { box.className = "alert hidden"; }
  }

  function clearError(cell) {
    if (!cell) { return; }
    cell.classList.remove("has-error");
    cell.querySelectorAll(".qe-error").forEach(function (el) { el.remove(); });
  }

  function showError(cell, text) {
    if (!cell) { return; }
    clearError(cell);
    cell.classList.add("has-error");
    var help = document.createElement("span");
    help.className = "help-block qe-error";
    help.textContent = text;
    cell.appendChild(help);
  }

  function clearAllErrors() {
    root.querySelectorAll(".has-error").forEach(clearError);
  }

  function showErrors(result) {
    var doc = result.document || {};
    // "__all__" names no field: the alert above the form says it.
    Object.keys(doc).forEach(function (field) {
      showError(docForm.querySelector('[data-field="' + field + '"]'), doc[field]);
    });
    var all = rows();
    Object.keys(result.rows || {}).forEach(function (index) {
      var tr = all[parseInt(index, 10)];
      if (!tr) { return; }
      var errs = result.rows[index];
      Object.keys(errs).forEach(function (field) {
        var cell = tr.querySelector('[data-field="' + field + '"]') ||
          tr.querySelector('[data-field="content"]');
        showError(cell, format(MSG.row, { row: parseInt(index, 10) + 1 }) + ": " + errs[field]);
      });
    });
    alertBox("danger", result.message || MSG.failed);
  }

  /* ---- Duplicate number warning (before saving) ------------------------ */

  var lastCheck = null;

  function checkDuplicate() {
    var number = docForm.elements.number_symbol.value.trim();
    var issued = docForm.elements.issued_on.value.trim();
    var box = document.getElementById("qe-duplicate");
    if (!number || !issued) {
      box.classList.add("hidden");
      lastCheck = Promise.resolve(null);
      return lastCheck;
    }
    var url = DATA.urls.duplicate + "?number_symbol=" + encodeURIComponent(number) +
      "&issued_on=" + encodeURIComponent(issued);
    lastCheck = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { duplicate: null }; })
      .then(function (body) {
        var dup = body.duplicate;
        box.innerHTML = "";
        if (!dup) { box.classList.add("hidden"); return null; }
        box.appendChild(document.createTextNode(format(MSG.duplicate, { year: dup.year }) + " "));
        var link = document.createElement("a");
        link.href = dup.url;
        link.target = "_blank";
        link.textContent = dup.number_symbol + " – " + dup.summary;
        box.appendChild(link);
        box.classList.remove("hidden");
        return dup;
      })
      .catch(function () { return null; });
    return lastCheck;
  }

  function syncSecret() {
    var secret = DATA.secret_levels.indexOf(docForm.elements.confidentiality.value) >= 0;
    if (secret) { alertBox("warning", MSG.secret); } else if (!saving) { alertBox("", ""); }
  }

  /* ---- Saving ------------------------------------------------------------- */

  var saving = false;

  function save() {
    if (saving) { return; }
    clearAllErrors();
    saving = true;
    alertBox("info", MSG.checking);
    checkDuplicate().then(function (dup) {
      if (dup) {
        saving = false;
        alertBox("danger", MSG.confirm_duplicate);
        showError(docForm.querySelector('[data-field="number_symbol"]'),
                  format(MSG.duplicate_field, { year: dup.year }));
        return;
      }
      alertBox("info", MSG.saving);
      var body = {
        document: documentData(),
        tasks: rows().map(rowData),
        transfer: document.getElementById("qe-transfer").checked
      };
      return fetch(DATA.urls.save, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json",
                   "X-CSRFToken": docForm.elements.csrf_token.value },
        body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (result) { return { ok: r.ok, result: result }; });
      }).then(function (answer) {
        if (answer.ok && answer.result.ok) {
          alertBox("success", MSG.saved);
          window.location.assign(answer.result.url);
          return;
        }
        saving = false;
        showErrors(answer.result);
      });
    }).catch(function () {
      saving = false;
      alertBox("danger", MSG.network);
    });
  }

  /* ---- Keyboard ------------------------------------------------------------ */

  document.addEventListener("keydown", function (e) {
    var ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      var ta = e.target.closest && e.target.closest(".qe-ta");
      if (ta) { ta.typeahead.settle(); }
      save();
      return;
    }
    var tr = e.target.closest && e.target.closest("tr.qe-row");
    if (!tr) { return; }
    if (ctrl && e.key === "Enter") {
      e.preventDefault();
      addRow();
      return;
    }
    if (ctrl && (e.key === "d" || e.key === "D" || e.key === "'")) {
      e.preventDefault();
      sameAsAbove(tr);
      return;
    }
    // Enter in a one-line field of the last row opens the next row (a
    // type-ahead that just took the Enter to pick a unit has marked it).
    if (e.key === "Enter" && !e.qeHandled && !e.shiftKey && e.target.tagName === "INPUT" &&
        e.target.type !== "checkbox" && tr === tbody.lastElementChild) {
      e.preventDefault();
      addRow();
    }
  });

  docForm.elements.number_symbol.addEventListener("change", checkDuplicate);
  docForm.elements.issued_on.addEventListener("change", checkDuplicate);
  docForm.elements.confidentiality.addEventListener("change", syncSecret);
  docForm.addEventListener("submit", function (e) { e.preventDefault(); });
  root.querySelectorAll("#qe-document .qe-ta").forEach(function (box) { new TypeAhead(box); });
  document.getElementById("qe-add-row").addEventListener("click", function () { addRow(); });
  document.getElementById("qe-save").addEventListener("click", save);
  addRow(false);
}());
