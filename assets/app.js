// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (event) {
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
  });
  if (window.htmx) {
    // Error responses carry a message fragment retargeted to #flash: swap them in.
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "[45]..", swap: true, error: true },
    ];
  }
  // Buttons that ask before a destructive action: <button data-confirm="Remove Ana?">.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

// Live meetings: the server sends HTML fragments over server-sent events. A fragment
// replaces the element with the same id, or is appended to the container named by its
// data-append; data-remove removes the element; "sync" replaces the board after a
// (re)connect; "reload" loads the page afresh. Without JavaScript, pages still work by
// reloading.
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource) {
    return;
  }
  function apply(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    Array.prototype.slice.call(template.content.children).forEach(function (node) {
      var existing = node.id ? document.getElementById(node.id) : null;
      if (node.hasAttribute("data-remove")) {
        if (existing) {
          existing.remove();
        }
      } else if (existing) {
        // Keep an open editor open while someone else's change arrives.
        var openDetails = existing.querySelector("details[open]");
        if (!openDetails) {
          existing.replaceWith(node);
        }
      } else if (node.dataset.append) {
        var container = document.getElementById(node.dataset.append);
        if (container) {
          container.appendChild(node);
        }
      }
    });
  }
  var source = new EventSource(live.getAttribute("data-live"));
  source.addEventListener("fragment", function (event) {
    apply(event.data);
  });
  source.addEventListener("sync", function (event) {
    var board = document.getElementById("board");
    var active = document.activeElement;
    // Never throw away what someone is typing.
    if (board && !(active && board.contains(active) && /TEXTAREA|INPUT|SELECT/.test(active.tagName))) {
      apply(event.data);
    }
  });
  source.addEventListener("reload", function () {
    window.location.reload();
  });
  // Drag a card onto a theme to move it there (the select beside each card does the
  // same without a mouse).
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (card) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
    }
  });
  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest(".theme")) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    var theme = event.target.closest && event.target.closest(".theme");
    var cardId = event.dataTransfer.getData("text/plain");
    if (!theme || !cardId) {
      return;
    }
    event.preventDefault();
    var form = document.querySelector('form[action$="/cards/' + cardId + '/theme"]');
    var select = form && form.querySelector("select");
    if (!select) {
      return;
    }
    select.value = theme.id === "ungrouped" ? "" : theme.id.replace("theme-", "");
    form.submit();
  });
})();

// A table wider than the page scrolls sideways inside its .table-wrap. With nothing
// focusable in it, a keyboard cannot scroll it: such a wrapper becomes a focusable,
// named region (the arrow keys then scroll it), and stops being one once it fits.
(function () {
  "use strict";
  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var marked = wrap.hasAttribute("data-scroll-region");
      if (scrolls && !marked && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("data-scroll-region", "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table (scrolls sideways)");
      } else if (!scrolls && marked) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }
  markScrollable();
  var pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(markScrollable, 50);
  }
  window.addEventListener("resize", later);
  window.addEventListener("load", markScrollable);
  // Live meetings and htmx replace parts of the page: new tables are marked at once (the
  // observer watches only added and removed nodes, so marking does not wake it).
  if (window.MutationObserver) {
    new MutationObserver(markScrollable).observe(document.body, { childList: true, subtree: true });
  }
})();
