// The chat page's small fixes to Gradio's markup, kept up to date as the chat changes:
// - Gradio labels each chat message for screen readers with its raw content, HTML tags included; the label
//   becomes the message's plain text.
// - Gradio marks the starter cards' box role="list" around plain buttons (no list items), which screen readers
//   announce as a broken list; it becomes a group.
// - A contact-form error appears under its field: the field gets the keyboard, is marked invalid and described by
//   the error (aria-invalid, aria-describedby), and the error is scrolled into view.
// - <html lang> follows the page's language choice (screen readers pick their voice by it).
(function () {
  "use strict";
  function plain(label) {
    return label.replace(/<[^>]*>/g, " ").replace(/&[a-z#0-9]+;/gi, " ").replace(/\s+/g, " ").trim();
  }
  function tidy() {
    document.querySelectorAll("#chat [aria-label*='<']").forEach(function (node) {
      node.setAttribute("aria-label", plain(node.getAttribute("aria-label")).slice(0, 300));
    });
    document.querySelectorAll("#chat .examples[role=list]").forEach(function (node) {
      node.setAttribute("role", "group");
    });
    document.querySelectorAll("#referral-form .field-error .status-error:not([data-shown])").forEach(function (error) {
      error.setAttribute("data-shown", "1");
      var id = error.closest("[id^=form-error-]").id.replace("form-error-", "form-");
      var field = document.querySelector("#" + id + " input, #" + id + " textarea");
      if (field) {
        // Screen readers say the field is wrong and read its error with it.
        document.querySelectorAll("#referral-form [aria-invalid]").forEach(function (other) {
          other.removeAttribute("aria-invalid");
          other.removeAttribute("aria-describedby");
        });
        error.id = id + "-message";
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", error.id);
        field.focus({ preventScroll: true });
      }
      error.scrollIntoView({ block: "center" });
    });
    var chosen = document.querySelector("#language input:checked");
    if (chosen && document.documentElement.lang !== chosen.value) document.documentElement.lang = chosen.value;
  }
  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; tidy(); });
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true,
                                         attributeFilter: ["aria-label", "checked", "class"] });
})();
