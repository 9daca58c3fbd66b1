// After an htmx save, where the keyboard and the screen reader go (issue 14, "After a save").
// Without JavaScript the browser loads the page anew and none of this is needed.
//
// - The form came back with errors: focus moves to its error summary (or its first field
//   with an error), not to <body>.
// - The save went through: the confirmation (the page's flash messages, shown at the top of
//   the page, or in the swapped section when only that came back) is moved next to the form
//   that was saved, where the user is, and focused; it is a live region (role="status"), so
//   it is also announced. Tab goes on to the form's first field.
(function () {
  "use strict";

  // A form is known again after the swap by where it posts and the fields it has (several
  // forms may post to one address, e.g. a dialogue's state moves).
  function signature(form) {
    const action = form.getAttribute("hx-post") || form.getAttribute("action") || "";
    const names = Array.from(form.elements, (field) => field.name || "").filter(Boolean);
    return action + " " + names.sort().join(",");
  }

  // The same address alone, when the fields changed (a field shown only with an error, such as
  // "confirm that it is not a name", is gone after the save).
  function sameForm(root, form) {
    if (!form || form.tagName !== "FORM") return null;
    const forms = Array.from(root.querySelectorAll("form"));
    const wanted = signature(form);
    const action = (f) => f.getAttribute("hx-post") || f.getAttribute("action") || "";
    return forms.find((f) => signature(f) === wanted) || forms.find((f) => action(f) === action(form)) || null;
  }

  function focusQuietly(element) {
    if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: true });
  }

  // "Kopiera" buttons: shown only when the script runs (the field itself can always be
  // selected and copied by hand); the result is announced in the field's status line.
  function copyButtons(root) {
    for (const button of root.querySelectorAll("button[data-copy-from]")) {
      const field = document.getElementById(button.getAttribute("data-copy-from"));
      if (!field || !navigator.clipboard || button.dataset.copyReady) continue;
      button.dataset.copyReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        const status = document.querySelector("[data-copy-status='" + field.id + "']");
        navigator.clipboard.writeText(field.value).then(
          function () { if (status) status.textContent = "Adressen är kopierad."; },
          function () { field.select(); if (status) status.textContent = "Det gick inte att kopiera. Markera adressen och kopiera den själv."; }
        );
      });
    }
  }
  // A table wider than its frame scrolls inside it: the frame takes keyboard focus, so it can
  // be scrolled with the arrow keys too (a frame with links in it is reached through them).
  function scrollableTables(root) {
    for (const frame of root.querySelectorAll(".table-wrap")) {
      const scrolls = frame.scrollWidth > frame.clientWidth;
      if (scrolls && !frame.hasAttribute("tabindex")) frame.setAttribute("tabindex", "0");
    }
  }
  // A list's search field filters as the user types (its own `input` trigger). Its `change` event,
  // fired when the field loses focus – as when a result is clicked – would send the same search
  // again and push it into the history while the browser follows the link, which cancels the
  // click. The filter form's `change` trigger is for its selects and dates, so the search
  // field's is kept from reaching it.
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.id || !field.form) return;
    const trigger = field.form.getAttribute("hx-trigger") || "";
    if (trigger.includes("input changed") && trigger.includes("from:#" + field.id)) {
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    copyButtons(document);
    scrollableTables(document);
  });

  // A form that opens on demand (a link with data-opens-form, loaded in place of its
  // section): focus goes to its first field. A save from such a form loads the record's page
  // again, without the form: the confirmation goes to the section the form was in.
  let savedFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail && event.detail.elt;
    if (elt && elt.tagName === "FORM") {
      const section = elt.closest("section[id]");
      savedFrom = elt.getAttribute("data-near") || (section ? section.id : null);
    }
  });

  function openedForm(detail) {
    const link = detail.requestConfig && detail.requestConfig.elt;
    if (!link || !link.hasAttribute || !link.hasAttribute("data-opens-form")) return false;
    const section = document.querySelector(link.getAttribute("hx-target"));
    const field = section && section.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
    return true;
  }

  function confirmInSection(flashes) {
    const section = savedFrom && document.getElementById(savedFrom);
    savedFrom = null;
    if (!section || !flashes) return false;
    const heading = section.querySelector("h2");
    flashes.classList.add("flash-list--here");
    section.insertBefore(flashes, heading ? heading.nextSibling : section.firstChild);
    focusQuietly(flashes);
    return true;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    copyButtons(document);
    scrollableTables(document);
    const detail = event.detail || {};
    if (openedForm(detail)) return;
    const swapped = detail.target && detail.target.isConnected ? detail.target : document.getElementById("main");
    if (!swapped) return;
    const form = sameForm(document, detail.requestConfig && detail.requestConfig.elt) || sameForm(swapped, detail.elt);
    if (form) savedFrom = null;
    const around = form && form.parentElement;
    const near = around ? around.closest("section, .panel") || around : swapped;
    const problem = near.querySelector(".error-summary") || near.querySelector("[aria-invalid='true']");
    if (problem) {
      focusQuietly(problem);
      return;
    }
    // A section swapped alone brings its confirmation with it, beside the saved form
    // (templates/insights/_capture.html); a swapped #main has it at its top.
    const flashes = near.querySelector(".flash-list") || document.querySelector("#main > .flash-list");
    if (!form && confirmInSection(flashes)) return;
    if (flashes && form) {
      for (const old of document.querySelectorAll(".flash-list--here")) {
        if (old !== flashes) old.remove(); // one confirmation: the latest save's
      }
      flashes.classList.add("flash-list--here");
      if (flashes.nextElementSibling !== form) form.parentNode.insertBefore(flashes, form);
      focusQuietly(flashes);
      // Above the screen when the saved form is taller than it: brought just into view.
      if (flashes.getBoundingClientRect().top < 0) flashes.scrollIntoView({ block: "nearest" });
    }
  });
})();
