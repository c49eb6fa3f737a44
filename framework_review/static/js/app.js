/* Framework Review: small enhancements on top of pages that work without JavaScript.
   No dependencies, no inline code (the CSP allows scripts from this site only). */
(function () {
  "use strict";

  function normalize(text) {
    return (text || "").replace(/\r\n?/g, "\n").trim();
  }

  /* Buttons with data-confirm ask before their form is sent. */
  function setUpConfirm() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
      if (button && !window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  /* Selecting words of the clause offers a button that copies them into the quote field. */
  function setUpQuoteSelection() {
    var source = document.querySelector(".js-quotable");
    var target = document.querySelector(".js-quote-target textarea");
    if (!source || !target) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small button--primary quote-selection";
    button.textContent = "Quote selection";
    button.hidden = true;
    // Right after the clause text, so it is also the next stop for the Tab key.
    source.parentNode.insertBefore(button, source.nextSibling);
    var selected = "";

    function selectionInSource() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
        return null;
      }
      var range = selection.getRangeAt(0).cloneRange();
      var startsInside = source.contains(range.startContainer);
      var endsInside = source.contains(range.endContainer);
      if (!startsInside && !endsInside) {
        return null;
      }
      // A triple click runs on to the start of the next block: keep only the clause's part.
      if (!startsInside) {
        range.setStart(source, 0);
      }
      if (!endsInside) {
        range.setEnd(source, source.childNodes.length);
      }
      var text = range.toString().replace(/\s+/g, " ").trim();
      return text ? { text: text, range: range } : null;
    }

    function place() {
      var found = selectionInSource();
      if (!found) {
        button.hidden = true;
        selected = "";
        return;
      }
      selected = found.text;
      var rect = found.range.getBoundingClientRect();
      var width = document.documentElement.clientWidth;
      var centre = Math.min(Math.max(rect.left + rect.width / 2, 80), width - 80);
      // The button shares the clause text's containing block; place it in that block's terms.
      var box = source.offsetParent;
      var origin = { left: -window.scrollX, top: -window.scrollY };
      if (box && box !== document.body) {
        var boxRect = box.getBoundingClientRect();
        origin = {
          left: boxRect.left + box.clientLeft - box.scrollLeft,
          top: boxRect.top + box.clientTop - box.scrollTop
        };
      }
      // CSSOM positioning is allowed by the CSP (only style attributes in markup are not).
      button.style.left = centre - origin.left + "px";
      button.style.top = rect.top - origin.top + "px";
      button.hidden = false;
    }

    document.addEventListener("selectionchange", function () {
      window.requestAnimationFrame(place);
    });
    window.addEventListener("resize", place);
    // Keep the selection alive while the button is pressed.
    button.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    button.addEventListener("click", function () {
      if (!selected) {
        return;
      }
      target.value = selected;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      button.hidden = true;
      var selection = window.getSelection();
      if (selection) {
        selection.removeAllRanges();
      }
      target.focus();
    });
  }

  /* The proposal kind decides whether the proposed-text field is shown and what it starts with. */
  function setUpProposalKind() {
    var group = document.querySelector(".js-proposal-kind");
    var box = document.querySelector(".js-proposal-text");
    if (!group || !box) {
      return;
    }
    var textarea = box.querySelector("textarea");
    var radios = group.querySelectorAll('input[type="radio"]');
    var clauseText = box.getAttribute("data-clause-text") || "";
    if (!textarea || !radios.length) {
      return;
    }

    function chosenKind() {
      for (var i = 0; i < radios.length; i += 1) {
        if (radios[i].checked) {
          return radios[i].value;
        }
      }
      return "";
    }

    function showFor(kind) {
      // No change, or deleting the clause, needs no text.
      box.hidden = kind === "" || kind === "delete";
    }

    function switchTo(kind) {
      var current = normalize(textarea.value);
      if (kind === "replace" && current === "") {
        textarea.value = clauseText;
      } else if ((kind === "insert" || kind === "text") && clauseText &&
                 current === normalize(clauseText)) {
        textarea.value = "";
      }
      showFor(kind);
    }

    for (var i = 0; i < radios.length; i += 1) {
      radios[i].addEventListener("change", function (event) {
        switchTo(event.target.value);
      });
    }
    showFor(chosenKind());
  }

  /* A decision form shows the adopted-text box only for "accepted with modifications". */
  function setUpDecisionForms() {
    var forms = document.querySelectorAll(".js-decision-form");
    Array.prototype.forEach.call(forms, function (form) {
      var box = form.querySelector(".js-adopted-text");
      var radios = form.querySelectorAll('input[type="radio"]');
      if (!box || !radios.length) {
        return;
      }
      function update() {
        var chosen = form.querySelector('input[type="radio"]:checked');
        box.hidden = !chosen || chosen.value !== "accepted_with_modifications";
      }
      Array.prototype.forEach.call(radios, function (radio) {
        radio.addEventListener("change", update);
      });
      update();
    });
  }

  /* The review list offers one box that ticks every comment of the page. */
  function setUpSelectAll() {
    var form = document.querySelector(".bulk-form");
    var head = form ? form.querySelector("thead th") : null;
    var boxes = form ? form.querySelectorAll('tbody input[name="comment"]') : [];
    if (!head || !boxes.length) {
      return;
    }
    var all = document.createElement("input");
    all.type = "checkbox";
    all.setAttribute("aria-label", "Select every comment of this page");
    head.appendChild(all);
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = all.checked;
      });
    });
  }

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  /* The browser's time zone: sent with the login form (kept for users who have chosen none),
     and offered on the settings page. */
  function setUpBrowserZone() {
    var zone = browserZone();
    if (!zone) {
      return;
    }
    var login = document.querySelector(".js-send-zone input[name=timezone]");
    if (login) {
      login.value = zone;
    }
    var box = document.querySelector(".js-browser-zone");
    var select = box ? box.querySelector("select") : null;
    if (!select || !select.querySelector('option[value="' + zone + '"]')) {
      return;
    }
    if (box.getAttribute("data-prefill") === "1") {
      select.value = zone;
    }
    var note = document.createElement("p");
    note.className = "help";
    note.textContent = (box.getAttribute("data-message") || "").replace("{zone}", zone);
    box.appendChild(note);
  }

  function start() {
    setUpBrowserZone();
    setUpConfirm();
    setUpQuoteSelection();
    setUpProposalKind();
    setUpDecisionForms();
    setUpSelectAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
