/* The Library's browser behaviour: catalogue filters, webinar times and status,
   review-due banners. Runs on every page load, including Material's instant
   navigation (document$). Inserts text with textContent only. */
(function () {
  "use strict";

  var FIELDS = ["type", "topics", "audience", "settings"];

  function fromJson(r, base) {
    var li = document.createElement("li");
    li.className = "scn-result";
    var a = document.createElement("a");
    a.href = base + r.slug + "/";
    a.textContent = r.title;
    var badge = document.createElement("span");
    badge.className = "scn-badge scn-badge--" + r.type;
    badge.textContent = r.type_label;
    var summary = document.createElement("span");
    summary.className = "scn-result-summary";
    summary.textContent = r.summary;
    var source = document.createElement("span");
    source.className = "scn-result-source";
    source.textContent = r.publisher + ", " + r.year;
    li.append(a, " ", badge, document.createElement("br"), summary, " ", source);
    // catalog.json's words: the resource's whole text and its labels, each word once.
    var entry = { el: li, text: r.words };
    entry.type = [r.type];
    entry.topics = r.topics;
    entry.audience = r.audience;
    entry.settings = r.settings;
    return entry;
  }

  function initCatalogue() {
    var form = document.querySelector("form.scn-filters");
    if (!form) return;
    var list = document.querySelector("ul.scn-results");
    var status = document.querySelector(".scn-count");
    var pager = document.querySelector(".scn-pager");
    var total = Number(status.dataset.total);
    var entries = null;  // from catalog.json, at the first filter
    var loading = null;
    form.hidden = false;

    // Listing pages hold PAGE_SIZE items and no page text; filtering covers the whole
    // catalogue and each resource's whole text, from catalog.json.
    function everything() {
      if (!loading) {
        loading = fetch(form.dataset.catalogue).then(function (response) {
          if (!response.ok) throw new Error("catalog.json: " + response.status);
          return response.json();
        }).then(function (data) {
          entries = data.resources.map(function (r) { return fromJson(r, form.dataset.base); });
          list.replaceChildren.apply(list, entries.map(function (e) { return e.el; }));
          return entries;
        });
      }
      return loading;
    }

    function criteria() {
      var c = { words: form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean) };
      FIELDS.forEach(function (f) { c[f] = form.elements[f].value; });
      return c;
    }

    function active(c) {
      return c.words.length || FIELDS.some(function (f) { return c[f]; });
    }

    function matches(e, c) {
      return c.words.every(function (w) { return e.text.indexOf(w) !== -1; }) &&
        FIELDS.every(function (f) { return !c[f] || e[f].indexOf(c[f]) !== -1; });
    }

    function apply() {
      var c = criteria();
      var params = new URLSearchParams();
      if (c.words.length) params.set("q", form.elements.q.value.trim());
      FIELDS.forEach(function (f) { if (c[f]) params.set(f, c[f]); });
      history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
      if (!active(c) && !entries) {
        status.textContent = "Filter by type, topic, audience or setting, or search by word.";
        return;
      }
      everything().then(function (all) {
        var shown = 0;
        all.forEach(function (e) {
          var show = matches(e, c);
          e.el.hidden = !show;
          if (show) shown += 1;
        });
        if (pager) pager.hidden = true;
        status.textContent = active(c)
          ? shown + " of " + total + " resources match."
          : total + " resources.";
      }).catch(function () {
        status.textContent = "The full catalogue could not be loaded; browse the pages below.";
      });
    }

    var query = new URLSearchParams(location.search);
    if (query.get("q")) form.elements.q.value = query.get("q");
    FIELDS.forEach(function (f) { if (query.get(f)) form.elements[f].value = query.get(f); });
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply); });
    if (active(criteria())) apply();
  }

  var localFormat = new Intl.DateTimeFormat(undefined, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "numeric", minute: "2-digit", timeZoneName: "short"
  });

  function initWebinars(now) {
    document.querySelectorAll("time[data-start]").forEach(function (time) {
      var span = time.nextElementSibling;
      if (!span || !span.classList.contains("scn-local-time")) return;
      span.textContent = " (your time: " + localFormat.format(new Date(time.dataset.start)) + ")";
      span.hidden = false;
    });

    // Upcoming/past is decided here too, so a site built weeks ago is still right.
    var box = document.querySelector("[data-webinars]");
    if (box) {
      var items = Array.prototype.slice.call(box.querySelectorAll("li.scn-webinar-item"));
      var start = function (li) { return Date.parse(li.dataset.start); };
      var upcoming = items.filter(function (li) { return Date.parse(li.dataset.end) > now; })
        .sort(function (a, b) { return start(a) - start(b); });
      var past = items.filter(function (li) { return Date.parse(li.dataset.end) <= now; })
        .sort(function (a, b) { return start(b) - start(a); });
      [["upcoming", upcoming], ["past", past]].forEach(function (pair) {
        var list = box.querySelector('[data-list="' + pair[0] + '"]');
        list.replaceChildren.apply(list, pair[1]);
        box.querySelector('[data-empty="' + pair[0] + '"]').hidden = pair[1].length > 0;
      });
    }

    var session = document.querySelector(".scn-webinar[data-end]");
    if (session) {
      var isPast = Date.parse(session.dataset.end) <= now;
      var isLive = !isPast && Date.parse(session.dataset.start) <= now;
      session.querySelector("[data-status]").textContent = isPast ? "Past session" : isLive ? "Happening now" : "Upcoming";
      document.querySelectorAll("[data-upcoming-only]").forEach(function (el) { el.hidden = isPast; });
    }
  }

  function initReviewBanners(now) {
    var today = new Date(now).toISOString().slice(0, 10);
    document.querySelectorAll("[data-review-due]").forEach(function (banner) {
      banner.hidden = !(today > banner.dataset.reviewDue);
    });
  }

  // Material's search overlay is a dialog without a name; screen readers need one.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the Library");
  }

  function init() {
    var now = Date.now();
    nameSearchDialog();
    initCatalogue();
    initWebinars(now);
    initReviewBanners(now);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
