/* The school picker: one accessible combobox (ARIA 1.2 pattern) for every text field marked
   data-school-picker, filled from the one endpoint (/api/v1/schools/?q=). An enhancement: without
   JavaScript the field is a plain text box and the server looks the school up.

   Keyboard: type to search, Down/Up to move through the options, Enter to choose, Escape to close.
   Choosing a school fills the field with its label and, in the booking form, the hidden field named
   by data-code-field with its branch code, then fires a "schoolpicked" event (the booking form listens). */
(function () {
  "use strict";

  var counter = 0;

  function SchoolPicker(input) {
    counter += 1;
    this.input = input;
    this.url = input.getAttribute("data-schools-url");
    this.form = input.form;
    var codeField = input.getAttribute("data-code-field");
    this.hidden = this.form && codeField ? this.form.querySelector("input[name='" + codeField + "']") : null;
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.lastQuery = "";
    this.build("school-picker-" + counter);
    this.bind();
  }

  SchoolPicker.prototype.build = function (id) {
    var input = this.input;
    this.list = document.createElement("ul");
    this.list.id = id + "-list";
    this.list.className = "combobox__list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", input.getAttribute("data-list-label") || "Scholen");
    this.list.hidden = true;
    this.status = document.createElement("span");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(this.list);
    wrapper.appendChild(this.status);
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("autocomplete", "off");
  };

  SchoolPicker.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.onInput(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.choose(Number(option.getAttribute("data-index"))); }
    });
  };

  SchoolPicker.prototype.onInput = function () {
    var self = this;
    var query = this.input.value.trim();
    if (this.hidden) { this.hidden.value = ""; }
    window.clearTimeout(this.timer);
    // Postcodes, coordinates and very short input need no school suggestions; a BRIN ("00TU") does.
    if (query.length < 3 || /^[\d\s.,;-]+$/.test(query) || /^\d{4}\s*[a-zA-Z]{1,2}$/.test(query)) {
      this.close();
      return;
    }
    if (query === this.lastQuery) { return; }
    this.timer = window.setTimeout(function () { self.fetch(query); }, 200);
  };

  SchoolPicker.prototype.fetch = function (query) {
    var self = this;
    var separator = this.url.indexOf("?") === -1 ? "?" : "&";
    this.lastQuery = query;
    window.fetch(this.url + separator + "q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (self.input.value.trim() === query) { self.show(data.results || []); }
      })
      .catch(function () { /* suggestions are optional: the form still works */ });
  };

  SchoolPicker.prototype.show = function (results) {
    var self = this;
    this.results = results;
    this.active = -1;
    this.list.replaceChildren.apply(this.list, results.map(function (school, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.className = "combobox__option";
      option.textContent = school.label;
      return option;
    }));
    var open = results.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.input.removeAttribute("aria-activedescendant");
    var name = !open ? "data-none-text" : results.length === 1 ? "data-one-text" : "data-count-text";
    var template = this.input.getAttribute(name) || this.input.getAttribute("data-count-text") || "";
    this.status.textContent = template.replace("{count}", String(results.length));
  };

  SchoolPicker.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  SchoolPicker.prototype.move = function (step) {
    if (!this.results.length) { return; }
    if (this.list.hidden) { this.list.hidden = false; this.input.setAttribute("aria-expanded", "true"); }
    var options = this.list.querySelectorAll("[role=option]");
    if (this.active >= 0) { options[this.active].setAttribute("aria-selected", "false"); }
    this.active = (this.active + step + options.length) % options.length;
    var current = options[this.active];
    current.setAttribute("aria-selected", "true");
    current.scrollIntoView({ block: "nearest" });
    this.input.setAttribute("aria-activedescendant", current.id);
  };

  SchoolPicker.prototype.onKey = function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); this.move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); this.move(-1); }
    else if (event.key === "Escape") { if (!this.list.hidden) { event.preventDefault(); this.close(); } }
    else if (event.key === "Enter" && !this.list.hidden && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    }
  };

  SchoolPicker.prototype.choose = function (index) {
    var school = this.results[index];
    if (!school) { return; }
    this.input.value = school.label;
    this.lastQuery = school.label;
    this.status.textContent = "";  // the count of suggestions no longer applies
    if (this.hidden) { this.hidden.value = school.code; }
    this.close();
    this.input.dispatchEvent(new CustomEvent("schoolpicked", { bubbles: true, detail: school }));
  };

  if (!window.fetch) { return; }
  document.querySelectorAll("input[data-school-picker]").forEach(function (input) { new SchoolPicker(input); });
})();
