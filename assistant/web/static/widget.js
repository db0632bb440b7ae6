/*
 * Social media assistant: the website widget.
 *
 *   <script src="https://ASSISTANT/widget.js" data-title="..." data-color="#0b5394" data-language="nl"
 *           data-position="right" data-size="large" data-greeting="Hallo!" data-starters="Question one|Question two"></script>
 *
 * Adds a launcher button and a chat panel inside a Shadow DOM (the host page's CSS does not leak in). The API is
 * the origin and path this script was loaded from. Every text from the server is set with textContent, never
 * as HTML, and only http(s) URLs become links. The session id and the conversation are kept in localStorage;
 * whether the panel is open only for the browser tab (sessionStorage), so it does not reopen in every new visit.
 * data-mode="inline" shows the panel full-size without a launcher (used by the /embed page for iframes).
 */
(function () {
  "use strict";

  // Texts (prompts/ui.yaml) and branding, filled in by the server when it serves this file.
  var SERVER = /*SERVER_CONFIG*/{}/*END_SERVER_CONFIG*/;

  var script = document.currentScript || findScript();
  if (!script || !script.src) return;
  var BASE = new URL(".", script.src).href; // ends with "/"
  var registry = (window.__socialMediaAssistant = window.__socialMediaAssistant || {});
  if (registry[BASE]) return; // the same widget included twice
  registry[BASE] = true;

  var ds = script.dataset || {};
  var brand = SERVER.brand || {};
  var INLINE = ds.mode === "inline";
  // The script tag's data-language, else the chamber's fixed language, else the visitor's browser.
  var FIXED = brand.ui_language === "nl" || brand.ui_language === "en" ? brand.ui_language : "";
  var LANG = pickLanguage(ds.language || FIXED || navigator.language || brand.default_language);
  var TEXT = (SERVER.texts && SERVER.texts[LANG]) || {};
  var TITLE = (ds.title || brand.name || "Assistant").slice(0, 80);
  var COLOR = readableColor(safeColor(ds.color) || safeColor(brand.color) || "#0b5394");
  var POSITION = ds.position === "left" ? "left" : "right";
  var STARTERS = parseStarters(ds.starters) || (brand.starters && brand.starters[LANG]) || [];
  var OLDER_YEARS = typeof brand.older_source_years === "number" ? brand.older_source_years : 5;
  var GREETING = (ds.greeting || "").slice(0, 300) || t("widget_greeting").replace("{name}", TITLE);
  var SIZE = ds.size === "large" ? "large" : "";
  var STORE_KEY = "sma-widget:" + BASE;
  var MAX_KEPT = 40;

  var state = load();
  var ui = {};

  /** An interface text in the widget's language, or in `lang` (an English answer gets English source labels). */
  function t(key, lang) {
    var table = (lang && SERVER.texts && SERVER.texts[lang]) || TEXT;
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  }

  function findScript() {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    return all.length ? all[all.length - 1] : null;
  }

  function pickLanguage(value) {
    return String(value || "").toLowerCase().slice(0, 2) === "nl" ? "nl" : "en";
  }

  function safeColor(value) {
    if (!value) return null;
    var v = String(value).trim();
    if (!/^(#[0-9a-f]{3,8}|rgba?\([0-9.,%\s]+\)|hsla?\([0-9.,%\sdeg]+\)|[a-z]{3,20})$/i.test(v)) return null;
    return window.CSS && window.CSS.supports && !window.CSS.supports("color", v) ? null : v;
  }

  /** The colour darkened just enough that white text on it, and it as text on white, read at 5:1 (WCAG AA asks
   *  4.5:1; the margin covers light grey bubbles), as assistant.web.render.readable_color does for the page. */
  function readableColor(value) {
    var ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) return value;
    ctx.fillStyle = "#0b5394";
    ctx.fillStyle = value;  // any CSS colour -> "#rrggbb" (or rgba() when translucent: then left as it is)
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(ctx.fillStyle);
    if (!m) return value;
    var rgb = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
    function luminance(c) {
      var l = c.map(function (v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }
    var current = rgb;
    for (var step = 1; step <= 20 && 1.05 / (luminance(current) + 0.05) < 5; step++) {
      current = rgb.map(function (v) { return Math.round(v * (1 - step / 20)); });
    }
    return "rgb(" + current.join(",") + ")";
  }

  function parseStarters(value) {
    if (!value) return null;
    var list;
    try {
      list = value.trim().charAt(0) === "[" ? JSON.parse(value) : value.split("|");
    } catch (e) {
      return null;
    }
    list = list.map(function (q) { return String(q).trim(); }).filter(Boolean).slice(0, 6);
    return list.length ? list : null;
  }

  /** A URL that may become a link: absolute http(s) only (relative ones resolve against the assistant). */
  function safeHref(url) {
    if (!url || typeof url !== "string") return null;
    try {
      var parsed = new URL(url, BASE);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // -- storage -----------------------------------------------------------------------------------
  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { session_id: null, messages: [], open: false };
  }

  function openInThisTab() {
    try { return window.sessionStorage.getItem(STORE_KEY) === "open"; } catch (e) { return false; }
  }

  function rememberOpen(open) {
    try { window.sessionStorage.setItem(STORE_KEY, open ? "open" : "closed"); } catch (e) { /* blocked */ }
  }

  /** On a phone, focusing the question field pops the keyboard up over the conversation: only on request. */
  function mayFocus() {
    return !(window.matchMedia("(pointer: coarse)").matches || window.innerWidth < 600);
  }

  function save() {
    state.messages = state.messages.slice(-MAX_KEPT);
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: the conversation just won't survive a reload */ }
  }

  // -- DOM helpers (no innerHTML anywhere) --------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function link(href, label) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label });
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  var CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
  var CLOSE_ICON = "M6 6l12 12M18 6L6 18";
  var NEW_ICON = "M12 5v14M5 12h14";
  var THUMB_UP = "M7 10v11H3V10h4zm2 11h8.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5l.8-4.2A1.8 1.8 0 0 0 13 4l-4 6v11z";
  var THUMB_DOWN = "M17 14V3h4v11h-4zm-2-11H6.5a2 2 0 0 0-2 1.6l-1.4 7A2 2 0 0 0 5 14h5l-.8 4.2A1.8 1.8 0 0 0 11 20l4-6V3z";

  // -- rendering messages -------------------------------------------------------------------------
  function textBlock(text) {
    // "- " lines become a list, "1. " lines a numbered list, other lines paragraphs; **bold** and [n]
    // citations are marked (all as text nodes: nothing in an answer is parsed as HTML).
    var box = el("div", { className: "text" });
    var list = null, kind = "";
    String(text || "").split("\n").forEach(function (line) {
      if (!line.trim()) { list = null; return; }
      var numbered = /^\s*\d{1,2}[.)]\s+/.exec(line);
      var bullet = /^\s*- /.test(line);
      var want = bullet ? "ul" : numbered ? "ol" : "";
      if (!want) { list = null; box.appendChild(cited("p", line)); return; }
      if (!list || kind !== want) { list = el(want); kind = want; box.appendChild(list); }
      list.appendChild(cited("li", bullet ? line.replace(/^\s*- /, "") : line.slice(numbered[0].length)));
    });
    return box;
  }

  function cited(tag, line) {
    var node = el(tag);
    line.split(/(\*\*[^*]+\*\*|\[\d{1,2}\])/).forEach(function (part) {
      if (/^\[\d{1,2}\]$/.test(part)) node.appendChild(el("span", { className: "cite", text: part }));
      else if (/^\*\*[^*]+\*\*$/.test(part)) node.appendChild(el("strong", { text: part.slice(2, -2) }));
      else if (part) node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function isOlder(published) {
    var m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(String(published || ""));
    if (!m) return false;
    var year = +m[1], month = m[2] ? +m[2] : 12, day = m[3] ? +m[3] : 31;
    var latest = new Date(year, month - 1, Math.min(day, new Date(year, month, 0).getDate()));
    var cutoff = new Date();
    cutoff.setFullYear(cutoff.getFullYear() - OLDER_YEARS);
    return latest < cutoff;
  }

  function sourcesBlock(sources, lang) {
    if (!sources || !sources.length) return null;
    var list = el("ol", { className: "sources-list" });
    sources.forEach(function (s) {
      var publisher = !s.source || s.source === "editorial" ? t("editorial_source", lang) : s.source;
      var item = el("li", { className: "source" }, [
        el("span", { className: "n", text: "[" + s.n + "] " }),
        el("strong", { text: s.title || "" }),
      ]);
      if (s.section) item.appendChild(el("span", { className: "section", text: " › " + s.section.split(" > ").join(" › ") }));
      item.appendChild(el("span", { className: "meta", text: " " + publisher + " · " + (s.published || t("date_unknown", lang)) }));
      if (isOlder(s.published)) {
        item.appendChild(el("span", { className: "older", title: t("older_source_hint", lang), text: t("older_source", lang) }));
      }
      var href = safeHref(s.url);
      if (href) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link(href, t("open_source", lang)));
      }
      if (s.snippet) item.appendChild(el("div", { className: "snippet", text: s.snippet }));
      list.appendChild(item);
    });
    // Folded into one "Bronnen (3)" row: the answer is what the reader sees first.
    var summary = el("summary", { className: "sources-title", text: t("sources_count", lang).replace("{count}", sources.length) });
    return el("details", { className: "sources" }, [summary, list]);
  }

  function referralCard(referral) {
    var contact = referral.contact || {};
    var how = el("ul", { className: "how" });
    if (contact.email) how.appendChild(el("li", { text: t("contact_email") + ": " + contact.email }));
    if (contact.phone) how.appendChild(el("li", { text: t("contact_phone") + ": " + contact.phone }));
    var href = safeHref(contact.url);
    if (href) how.appendChild(el("li", {}, [t("contact_web") + ": ", link(href, href)]));
    var card = el("div", { className: "card", role: "group", "aria-label": t("referral_title") }, [
      el("div", { className: "card-title", text: t("referral_title") }),
      el("dl", {}, [
        el("dt", { text: t("referral_who") }), el("dd", { className: "who", text: referral.specialist || "" }),
        el("dt", { text: t("referral_why") }), el("dd", { className: "why", text: referral.message || "" }),
        el("dt", { text: t("referral_how") }), el("dd", {}, [how]),
      ]),
    ]);
    if (contact.example) card.appendChild(el("p", { className: "example", text: t("contact_example") }));
    return card;
  }

  function feedbackBar(message) {
    var bar = el("div", { className: "feedback" });
    [["up", THUMB_UP, "feedback_up"], ["down", THUMB_DOWN, "feedback_down"]].forEach(function (spec) {
      bar.appendChild(el("button", {
        type: "button", className: "thumb", "aria-label": t(spec[2]), title: t(spec[2]),
        "aria-pressed": message.rating === spec[0] ? "true" : "false", disabled: !!message.rating,
        onclick: function () { rate(message, spec[0], bar); },
      }, [icon(spec[1])]));
    });
    return bar;
  }

  function chipsBlock(answer) {
    // "Did you mean ...?" alone, "or did you mean ...?" beside an answer when other cards came close, else the
    // answer's related questions (as the page's render.chips_of).
    var suggested = (answer.suggestions || []).length > 0;
    var items = (suggested ? answer.suggestions : answer.related) || [];
    if (!items.length) return null;
    var key = answer.kind === "clarify" ? "suggestions_clarify_label"
      : suggested ? "suggestions_other_label" : "suggestions_related_label";
    var row = el("div", { className: "chips", role: "group", "aria-label": t(key) },
                 [el("div", { className: "chips-title", text: t(key) })]);
    items.slice(0, 3).forEach(function (s) {
      row.appendChild(el("button", { type: "button", className: "chip", text: s.question,
                                      onclick: function () { ask(s.question); } }));
    });
    return row;
  }

  function renderMessage(message) {
    var node;
    if (message.role === "user") {
      node = el("div", { className: "msg user" }, [el("p", { text: message.text })]);
    } else if (message.role === "notice") {
      node = el("div", { className: "msg notice " + (message.kind || ""), role: "status", text: message.text });
    } else {
      var answer = message.answer || { text: message.text || "" };
      node = el("div", { className: "msg bot" }, [textBlock(answer.text), sourcesBlock(answer.sources, pickLanguage(answer.language || LANG))]);
      // Only the last answer offers clickable questions ("did you mean ...?" or related follow-ups).
      Array.prototype.forEach.call(ui.log.querySelectorAll(".chips"), function (n) { n.remove(); });
      var chips = chipsBlock(answer);
      if (chips) node.appendChild(chips);
      if (answer.referral) {
        node.appendChild(referralCard(answer.referral));
        node.appendChild(el("button", {
          type: "button", className: "secondary", text: t("form_title"),
          onclick: function () { openForm(answer.referral.specialist_id, message.question); },
        }));
      }
      if (message.message_id) node.appendChild(feedbackBar(message));
    }
    ui.log.appendChild(node);
    return node;
  }

  function scrollDown() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    ui.log.appendChild(el("div", { className: "msg greeting" }, [el("p", { text: GREETING })]));
    state.messages.forEach(renderMessage);
    ui.starters.hidden = state.messages.length > 0 || !STARTERS.length;
    scrollDown();
  }

  // -- talking to the API -------------------------------------------------------------------------
  function post(path, body) {
    return fetch(BASE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: path.indexOf("stream") >= 0 ? "text/event-stream" : "application/json" },
      body: JSON.stringify(body),
    });
  }

  function errorText(status) {
    return status === 429 ? t("error_rate_limited") : t("error_generic");
  }

  function ask(question) {
    question = String(question || "").trim();
    if (!question || ui.busy) {
      if (!question) ui.input.focus();
      return;
    }
    setBusy(true);
    ui.starters.hidden = true;
    var asked = { role: "user", text: question };
    state.messages.push(asked);
    save();
    renderMessage(asked);
    var pending = el("div", { className: "msg bot pending", "aria-busy": "true" }, [el("p", { text: t("thinking") })]);
    ui.log.appendChild(pending);
    scrollDown();

    var body = { message: question };
    if (state.session_id) body.session_id = state.session_id;
    streamAnswer(body, pending)
      .catch(function (failure) {
        if (failure && failure.status && failure.status !== 404 && failure.status !== 405 && failure.status < 500) throw failure;
        return post("api/chat", body).then(function (res) {
          if (!res.ok) throw { status: res.status };
          return res.json();
        });
      })
      .then(function (result) { finishAnswer(result, question, pending); })
      .catch(function (failure) {
        pending.remove();
        var notice = { role: "notice", kind: "error", text: errorText(failure && failure.status) };
        renderMessage(notice);
        scrollDown();
      })
      .then(function () { setBusy(false); });
  }

  /** POST /api/chat/stream and show deltas as they come; resolves with the final answer event's data. */
  function streamAnswer(body, pending) {
    return post("api/chat/stream", body).then(function (res) {
      if (!res.ok) throw { status: res.status };
      if (!res.body || !res.body.getReader) throw { status: 0 };
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      var shown = "";
      var final = null;
      var textNode = null;

      function handle(block) {
        var event = "message", data = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (line.indexOf("event:") === 0) event = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
        });
        if (!data.length) return;
        var payload;
        try { payload = JSON.parse(data.join("\n")); } catch (e) { payload = { text: data.join("\n") }; }
        if (event === "delta") {
          shown += payload.text || "";
          if (!textNode) {
            while (pending.firstChild) pending.removeChild(pending.firstChild);
            textNode = el("p", { className: "streaming" });
            pending.appendChild(textNode);
          }
          textNode.textContent = shown;
          scrollDown();
        } else if (event === "reset") {
          // The LLM's text is being replaced by the extractive answer: start again.
          shown = "";
          if (textNode) textNode.textContent = "";
        } else if (event === "answer") {
          final = payload;
        } else if (event === "error") {
          throw { status: payload.status || 400 };
        }
      }

      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            if (buffer.trim()) handle(buffer);
            if (!final) throw { status: 0 };
            return final;
          }
          buffer += decoder.decode(chunk.value, { stream: true });
          var blocks = buffer.split(/\r?\n\r?\n/);
          buffer = blocks.pop();
          blocks.forEach(handle);
          return pump();
        });
      }
      return pump();
    });
  }

  function finishAnswer(result, question, pending) {
    pending.remove();
    if (result.session_id) state.session_id = result.session_id;
    var answer = {
      text: result.text, language: result.language, route: result.route, referral: result.referral,
      sources: result.sources, notice: result.notice,
      kind: result.kind, suggestions: result.suggestions || [], related: result.related || [],
    };
    var message = { role: "assistant", answer: answer, message_id: result.message_id || null, question: question };
    state.messages.push(message);
    save();
    showStart(renderMessage(message));
  }

  /** Scroll so that a new answer starts at the top of the log (the reader begins with its first line, not with
   *  its sources); a short answer simply ends up at the bottom. */
  function showStart(node) {
    ui.log.scrollTop = Math.max(0, node.offsetTop - ui.log.offsetTop - 8);
  }

  /** Thumbs up: thanks. Thumbs down: "what was missing?" inline, put on the same feedback row when sent. */
  function rate(message, rating, bar) {
    if (message.rating || !state.session_id) return;
    message.rating = rating;
    save();
    Array.prototype.forEach.call(bar.querySelectorAll("button.thumb"), function (b, i) {
      b.disabled = true;
      b.setAttribute("aria-pressed", (i === 0) === (rating === "up") ? "true" : "false");
    });
    function say(text) { bar.appendChild(el("span", { className: "thanks", role: "status", text: text })); }
    post("api/feedback", { session_id: state.session_id, message_id: message.message_id, rating: rating })
      .then(function (res) {
        if (!res.ok) throw { status: res.status };
        return res.json();
      })
      .then(function (stored) {
        if (rating === "up") say(t("feedback_thanks"));
        else askWhatWasMissing(stored.id, bar, say);
      })
      .catch(function (failure) { say(errorText(failure && failure.status)); });
  }

  function askWhatWasMissing(feedbackId, bar, say) {
    var id = "sma-missing-" + feedbackId;
    var input = el("input", { id: id, type: "text", maxlength: 2000, className: "missing-input" });
    var form = el("form", { className: "missing" }, [
      el("label", { for: id, text: t("feedback_comment") }),
      el("div", { className: "row" }, [input, el("button", { type: "submit", className: "primary", text: t("feedback_comment_send") })]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var comment = input.value.trim();
      if (!comment) { input.focus(); return; }
      post("api/feedback/" + feedbackId + "/comment", { session_id: state.session_id, comment: comment })
        .then(function (res) {
          form.remove();
          say(res.ok ? t("feedback_comment_thanks") : errorText(res.status));
        })
        .catch(function () { say(t("error_generic")); });
    });
    bar.appendChild(form);
    input.focus();
  }

  // -- contact request form -----------------------------------------------------------------------
  function field(id, label, input) {
    return el("div", { className: "field" }, [el("label", { for: id, text: label }), input]);
  }

  function lastQuestion() {
    for (var i = state.messages.length - 1; i >= 0; i--) if (state.messages[i].role === "user") return state.messages[i].text;
    return "";
  }

  function closeForm() {
    if (ui.form) ui.form.remove();
    ui.form = null;
    ui.ask.hidden = false; // one question field and one send button at a time
  }

  function openForm(specialistId, question) {
    closeForm();
    ui.ask.hidden = true;
    var uid = "sma-" + Math.random().toString(36).slice(2, 8);
    var name = el("input", { id: uid + "-name", name: "name", type: "text", required: true, maxlength: 200, autocomplete: "name" });
    var email = el("input", { id: uid + "-email", name: "email", type: "email", required: true, maxlength: 254, autocomplete: "email" });
    var phone = el("input", { id: uid + "-phone", name: "phone", type: "tel", maxlength: 40, autocomplete: "tel" });
    var text = el("textarea", { id: uid + "-question", name: "question", required: true, rows: 3, maxlength: 2000 });
    text.value = question || lastQuestion();
    var consent = el("input", { id: uid + "-consent", name: "consent", type: "checkbox", required: true });
    var status = el("p", { id: uid + "-status", className: "form-status", role: "alert" });
    var submit = el("button", { type: "submit", className: "primary", text: t("form_submit") });
    var form = el("form", { className: "contact", "aria-label": t("form_title"), novalidate: true }, [
      el("div", { className: "card-title", text: t("form_title") }),
      el("p", { className: "intro", text: t("form_intro") }),
      field(uid + "-name", t("form_name"), name),
      field(uid + "-email", t("form_email"), email),
      field(uid + "-phone", t("form_phone"), phone),
      field(uid + "-question", t("form_question"), text),
      el("div", { className: "consent" }, [consent, el("label", { for: uid + "-consent", text: t("form_consent") })]),
      status,
      el("div", { className: "row" }, [
        submit,
        el("button", { type: "button", className: "secondary", text: t("form_cancel"), onclick: function () { closeForm(); ui.input.focus(); } }),
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problem = !name.value.trim() ? ["form_error_name", name]
        : !email.checkValidity() || !/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(email.value.trim()) ? ["form_error_email", email]
        : !text.value.trim() ? ["form_error_question", text]
        : !consent.checked ? ["form_error_consent", consent] : null;
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (n) { n.removeAttribute("aria-invalid"); n.removeAttribute("aria-describedby"); });
      if (problem) {
        // The message goes next to the field it is about, and both into view.
        status.textContent = t(problem[0]);
        var fieldBox = problem[1].closest(".field, .consent");
        fieldBox.parentNode.insertBefore(status, fieldBox.nextSibling);
        problem[1].setAttribute("aria-invalid", "true");
        problem[1].setAttribute("aria-describedby", uid + "-status");
        problem[1].focus();
        fieldBox.scrollIntoView({ block: "nearest" });
        status.scrollIntoView({ block: "nearest" });
        return;
      }
      submit.disabled = true;
      var body = { name: name.value.trim(), email: email.value.trim(), question: text.value.trim(), consent: true };
      if (phone.value.trim()) body.phone = phone.value.trim();
      if (state.session_id) body.session_id = state.session_id;
      if (specialistId) body.specialist_id = specialistId;
      post("api/referrals", body).then(function (res) {
        if (!res.ok) throw { status: res.status };
        closeForm();
        var ack = { role: "notice", kind: "ok", text: t("form_ack") };
        state.messages.push(ack);
        save();
        renderMessage(ack).setAttribute("tabindex", "-1");
        scrollDown();
        ui.log.lastChild.focus();
      }).catch(function (failure) {
        submit.disabled = false;
        status.textContent = errorText(failure && failure.status);
      });
    });
    ui.form = form;
    ui.log.appendChild(form);
    scrollDown();
    if (mayFocus()) name.focus();
  }

  // -- panel ----------------------------------------------------------------------------------------
  function setBusy(busy) {
    ui.busy = busy;
    ui.send.disabled = busy;
    ui.log.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function setOpen(open, focusTarget) {
    if (INLINE) open = true;
    ui.panel.hidden = !open;
    if (ui.launcher) {
      ui.launcher.setAttribute("aria-expanded", open ? "true" : "false");
      ui.launcher.hidden = open && window.matchMedia("(max-width: 480px)").matches;
    }
    rememberOpen(open);
    if (open) {
      scrollDown();
      if (focusTarget) focusTarget.focus();
      else if (mayFocus()) ui.input.focus();
    } else if (ui.launcher) {
      ui.launcher.focus();
    }
  }

  function newConversation() {
    state = { session_id: null, messages: [], open: true };
    save();
    closeForm();
    renderAll();
    if (mayFocus()) ui.input.focus();
  }

  function build() {
    var host = el("div", { "data-social-media-assistant": "" });
    host.style.setProperty("--sma-color", COLOR);
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", { text: STYLES }));
    var panelId = "sma-panel";

    ui.log = el("div", { className: "log", role: "log", "aria-live": "polite", "aria-label": t("widget_messages"), tabindex: "0" });
    ui.starters = el("div", { className: "starters", role: "group", "aria-label": t("widget_starters") },
      STARTERS.map(function (q) {
        return el("button", { type: "button", className: "starter", text: q, onclick: function () { ask(q); } });
      }));
    ui.input = el("textarea", { id: "sma-input", rows: 2, maxlength: 2000, placeholder: t("input_placeholder"), "aria-label": t("input_label") });
    ui.send = el("button", { type: "submit", className: "primary send", text: t("send") });
    var form = ui.ask = el("form", { className: "ask" }, [ui.input, ui.send]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = ui.input.value;
      ui.input.value = "";
      ask(q);
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
      }
    });

    var privacy = el("p", { className: "privacy" }, [t("privacy_line")]);
    var privacyHref = safeHref(brand.privacy_url);
    if (privacyHref) { privacy.appendChild(document.createTextNode(" ")); privacy.appendChild(link(privacyHref, t("privacy_link"))); }

    var headerButtons = [el("button", { type: "button", className: "icon", "aria-label": t("new_conversation"), title: t("new_conversation"), onclick: newConversation }, [icon(NEW_ICON)])];
    if (!INLINE) {
      headerButtons.push(el("button", { type: "button", className: "icon close", "aria-label": t("widget_close"), title: t("widget_close"), onclick: function () { setOpen(false); } }, [icon(CLOSE_ICON)]));
    }
    ui.panel = el("div", { id: panelId, className: "panel " + POSITION + (SIZE ? " " + SIZE : "") + (INLINE ? " inline" : ""), role: INLINE ? "main" : "dialog", "aria-label": TITLE, hidden: true }, [
      // Inline (the /embed page) the panel is the page: its main landmark, its title the page's one h1.
      el("div", { className: "header" }, [el(INLINE ? "h1" : "h2", { className: "title", text: TITLE })].concat(headerButtons)),
      ui.log,
      ui.starters,
      form,
      el("div", { className: "footer" }, [
        el("button", { type: "button", className: "secondary advisor", text: t("advisor_button"), onclick: function () { openForm(null, lastQuestion()); } }),
        privacy,
      ]),
    ]);
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !INLINE) {
        event.stopPropagation();
        setOpen(false);
      }
    });
    if (!INLINE) {
      // Before the panel, so that Tab goes from the button into the open panel.
      ui.launcher = el("button", { type: "button", className: "launcher " + POSITION, "aria-label": t("widget_open") + ": " + TITLE, title: TITLE, "aria-controls": panelId, "aria-expanded": "false", onclick: function () { setOpen(ui.panel.hidden); } }, [icon(CHAT_ICON)]);
      root.appendChild(ui.launcher);
    }
    root.appendChild(ui.panel);
    document.body.appendChild(host);
    renderAll();
    // Open again on the next page of the same visit (never grabbing the focus: the visitor did not ask for it now).
    if (INLINE || openInThisTab()) {
      ui.panel.hidden = false;
      if (ui.launcher) ui.launcher.setAttribute("aria-expanded", "true");
      if (INLINE && mayFocus()) ui.input.focus();
    }
  }

  var STYLES = [
    ":host{all:initial;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.45;color:#1f2328}",
    // The host page's rules on the host element itself (div{font-family:serif;line-height:1.9}) win over :host and
    // are inherited into the shadow tree: the widget's own boxes pin every inherited text property again.
    ".launcher,.panel{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:15px;line-height:1.45;color:#1f2328;font-style:normal;font-weight:400;letter-spacing:normal;word-spacing:normal;text-transform:none;text-align:left;text-indent:0;text-shadow:none;white-space:normal;direction:ltr;visibility:visible}",
    "button,textarea,input{font:inherit;letter-spacing:inherit;text-transform:none}",
    "*{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    "button,input,textarea{font:inherit;color:inherit}",
    "button{cursor:pointer}",
    ":focus-visible{outline:2px solid var(--sma-color);outline-offset:2px}",
    ".launcher{position:fixed;bottom:20px;width:60px;height:60px;border-radius:50%;border:0;background:var(--sma-color);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);z-index:2147483000;display:flex;align-items:center;justify-content:center}",
    ".launcher svg{width:28px;height:28px;fill:#fff}",
    ".launcher.right{right:20px}.launcher.left{left:20px}",
    ".panel{position:fixed;bottom:92px;width:390px;max-width:calc(100vw - 24px);height:min(640px,calc(100vh - 120px));background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden;z-index:2147483001}",
    ".panel.right{right:20px}.panel.left{left:20px}",
    ".panel.inline{position:fixed;inset:0;width:100%;max-width:none;height:100%;border-radius:0;box-shadow:none}",
    ".header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:var(--sma-color);color:#fff}",
    ".title{flex:1;margin:0;font-size:17px;font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
    ".header button{background:transparent;border:1px solid rgba(255,255,255,.6);color:#fff;border-radius:6px;padding:4px 8px;font-size:13px}",
    ".header .icon{width:34px;height:34px;padding:6px;display:flex;align-items:center;justify-content:center;flex:none}",
    ".header .icon svg{width:18px;height:18px;stroke:#fff;stroke-width:2.5;fill:none}",
    ".header :focus-visible{outline-color:#fff}",
    ".log{flex:1;overflow-y:auto;padding:12px;background:#f6f8fa;display:flex;flex-direction:column;gap:10px}",
    ".msg{max-width:92%;padding:8px 11px;border-radius:10px;overflow-wrap:anywhere}",
    ".msg p{margin:0 0 4px}.msg p:last-child{margin-bottom:0}",
    ".msg ul,.msg ol{margin:4px 0;padding-left:20px}.msg strong{font-weight:650}.source .section{opacity:.85}",
    ".user{align-self:flex-end;background:var(--sma-color);color:#fff;white-space:pre-wrap}",
    ".bot{align-self:flex-start;background:#fff;border:1px solid #d0d7de}",
    ".pending{opacity:.75;font-style:italic}",
    ".streaming{white-space:pre-wrap;font-style:normal}",
    ".notice{align-self:stretch;font-size:14px;border:1px solid #d0d7de;background:#fff}",
    ".notice.ok{background:#d1e7dd;border-color:#a3cfbb;color:#0f5132}",
    ".notice.error{background:#f8d7da;border-color:#f1aeb5;color:#842029}",
    ".cite{color:var(--sma-color);font-weight:600}",
    ".sources{margin-top:8px;border-top:1px solid #d0d7de;padding-top:6px;font-size:13px}",
    ".sources-title{font-weight:700;margin-bottom:2px;cursor:pointer}",
    ".panel.large:not(.inline){width:480px;height:min(760px,calc(100vh - 120px))}",
    ".greeting{align-self:flex-start;background:#fff;border:1px solid #d0d7de}",
    ".missing{display:flex;flex-direction:column;gap:4px;width:100%;margin-top:4px}",
    ".missing label{font-size:13px;font-weight:600}",
    ".missing input{flex:1;min-width:0;border:1px solid #8c959f;border-radius:6px;padding:5px 8px;background:#fff}",
    ".missing .row{flex-wrap:nowrap}",
    ".chips{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px;align-items:center}",
    ".chips-title{width:100%;font-size:13px;font-weight:600}",
    ".chip{font:inherit;font-size:13px;text-align:left;border:1px solid var(--sma-color);color:var(--sma-color);background:#fff;border-radius:14px;padding:4px 10px;cursor:pointer}",
    ".chip:hover{background:#f0f4fa}",
    ".sources-list{list-style:none;margin:0;padding:0}",
    ".source{margin:5px 0}",
    ".source .n{color:var(--sma-color);font-weight:700}",
    ".source .meta{color:#57606a}",
    ".older{display:inline-block;margin-left:4px;background:#fff3cd;color:#664d03;border:1px solid #e6c200;border-radius:4px;padding:0 4px;font-size:12px}",
    ".snippet{color:#424a53;margin-top:2px}",
    "a{color:var(--sma-color)}",
    ".card,.contact{border:2px solid var(--sma-color);border-radius:8px;padding:8px 10px;margin-top:8px;background:#fff}",
    ".card-title{font-weight:700;color:var(--sma-color);margin-bottom:4px}",
    ".card dl{margin:0}.card dt{font-weight:600;margin-top:4px}.card dd{margin:0}",
    ".card .how{list-style:none;margin:0;padding:0}",
    ".example{font-size:12px;color:#57606a;margin:4px 0 0}",
    ".feedback{display:flex;gap:6px;align-items:center;margin-top:6px;flex-wrap:wrap}",
    ".thumb{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:3px 7px;display:flex;color:#57606a}",
    ".thumb svg{width:16px;height:16px;fill:currentColor}",
    ".thumb[aria-pressed=true]{color:var(--sma-color)}",
    ".thumb[aria-pressed=true]{border-color:var(--sma-color);background:#eef4fb}",
    ".thumb:disabled{cursor:default}",
    ".thanks{font-size:12px;color:#57606a}",
    ".contact{align-self:stretch}",
    ".contact .intro{margin:0 0 6px;font-size:14px}",
    ".field{display:flex;flex-direction:column;margin-bottom:6px}",
    ".field label{font-size:13px;font-weight:600;margin-bottom:2px}",
    ".field input,.field textarea{border:1px solid #8c959f;border-radius:6px;padding:6px 8px;width:100%;background:#fff}",
    ".consent{display:flex;gap:8px;align-items:flex-start;font-size:13px;margin:6px 0}",
    ".consent input{margin-top:3px;width:18px;height:18px;flex:none}",
    ".form-status{color:#842029;font-size:13px;margin:4px 0;min-height:0}",
    ".form-status:empty{display:none}",
    "[aria-invalid=true]{border-color:#cf222e!important}",
    ".row{display:flex;gap:8px;flex-wrap:wrap}",
    ".primary{background:var(--sma-color);color:#fff;border:0;border-radius:6px;padding:7px 14px;font-weight:600}",
    ".primary:disabled{opacity:.6}",
    ".secondary{background:#fff;color:var(--sma-color);border:1px solid var(--sma-color);border-radius:6px;padding:6px 12px;margin-top:6px}",
    ".starters{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px 0;background:#f6f8fa}",
    ".starter{background:#fff;border:1px solid var(--sma-color);color:var(--sma-color);border-radius:14px;padding:4px 10px;font-size:13px;text-align:left}",
    ".ask{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #d0d7de;background:#fff}",
    ".ask textarea{flex:1;resize:none;border:1px solid #8c959f;border-radius:6px;padding:6px 9px;max-height:120px}",
    ".footer{padding:0 12px 8px;background:#fff;display:flex;flex-direction:column;gap:2px}",
    ".footer .advisor{margin-top:0;align-self:flex-start;font-size:13px;padding:4px 10px}",
    ".privacy{margin:0;font-size:12px;color:#57606a}",
    "@media (max-width:480px){.panel:not(.inline){inset:0;width:100%;max-width:none;height:100%;border-radius:0;bottom:0}.launcher{bottom:14px}.launcher.right{right:14px}}",
  ].join("\n");

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
