/* Small enhancements of the handbook pages; every page works without them.
 * Runs in the browser; `diffFields` is also exported for tests under Node. */
(function () {
  "use strict";

  /* Rows of what differs between two releases' flat fields ({key: {label, value}}). */
  function diffFields(oldFields, newFields) {
    var rows = [];
    Object.keys(newFields).forEach(function (key) {
      var now = newFields[key];
      if (!Object.prototype.hasOwnProperty.call(oldFields, key)) {
        rows.push({ kind: "added", label: now.label, old: "", now: now.value });
      } else if (oldFields[key].value !== now.value) {
        rows.push({ kind: "changed", label: now.label, old: oldFields[key].value, now: now.value });
      }
    });
    Object.keys(oldFields).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(newFields, key)) {
        rows.push({ kind: "removed", label: oldFields[key].label, old: oldFields[key].value, now: "" });
      }
    });
    return rows;
  }

  /* Text for matching: lower case, and å, ä, ö (and é, ü …) also match a and o, so
   * a reader on a keyboard without them still finds "Gårdsten" by typing "gardsten". */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase("sv");
  }

  /* Whether every word of the query is part of the text ("närh ang" finds "Närhälsan Angered"). */
  function matches(query, text) {
    var haystack = fold(text);
    return fold(query).split(/\s+/).every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  /* Whole days from the build date (YYYY-MM-DD) to the reader's day. */
  function ageDays(built, now) {
    var parts = built.split("-").map(Number);
    var then = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((today - then) / 86400000);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { diffFields: diffFields, fold: fold, matches: matches, ageDays: ageDays };
  }
  if (typeof document === "undefined") {
    return;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  /* Tables after an element marked data-sortable-next-table sort by a click on a heading.
   * Each heading gets a button (so it is reachable and named by the keyboard); the
   * heading itself keeps its role, and aria-sort marks the sorted column only. */
  function sortable(table) {
    var headings = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    headings.forEach(function (th, column) {
      var button = element("button", undefined, "hb-sort");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          return (ascending ? 1 : -1) * x.localeCompare(y, "sv", { numeric: true });
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headings.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function siteBase() {
    var config = document.getElementById("__config");
    return config ? JSON.parse(config.textContent).base : ".";
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function diffTable(rows, labels) {
    if (!rows.length) { return element("p", labels.none); }
    var table = element("table", undefined, "hb-table hb-diff-table");
    var head = table.createTHead().insertRow();
    [labels.kind, labels.field, labels.old, labels["new"]].forEach(function (text) {
      head.appendChild(element("th", text));
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      tr.className = "hb-diff-" + row.kind;
      [labels[row.kind], row.label, row.old, row.now].forEach(function (text, column) {
        var td = element("td", text);
        td.setAttribute("data-label", [labels.kind, labels.field, labels.old, labels["new"]][column]);
        tr.appendChild(td);
      });
    });
    return table;
  }

  /* "What changed since the printed binder": compare this release's data with an older one. */
  function setupDiff(box) {
    if (location.protocol === "file:") { return; }  /* a copy on disk has one release */
    var labels = JSON.parse(box.getAttribute("data-labels"));
    var unit = box.getAttribute("data-unit");
    var base = siteBase();
    var status = box.querySelector(".hb-diff-status");
    Promise.all([getJson(base + "/data/" + unit + ".json"), getJson(base + "/../versions.json")])
      .then(function (found) {
        var current = found[0], versions = found[1].filter(function (v) {
          return v.version !== current.release;
        });
        if (!versions.length) { status.textContent = labels.no_versions; return; }
        var form = element("form", undefined, "hb-diff-form");
        var label = element("label", labels.choose + " ");
        var select = element("select");
        select.id = "hb-diff-version-" + unit;
        label.htmlFor = select.id;
        versions.forEach(function (v) { select.appendChild(element("option", v.title || v.version)).value = v.version; });
        var button = element("button", labels.compare, "md-button");
        button.type = "submit";
        var result = element("div", undefined, "hb-diff-result");
        result.setAttribute("aria-live", "polite");
        form.appendChild(label); form.appendChild(select); form.appendChild(button);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          getJson(base + "/../" + encodeURIComponent(select.value) + "/data/" + unit + ".json")
            .then(function (old) {
              result.replaceChildren(diffTable(diffFields(old.fields, current.fields), labels));
            })
            .catch(function () { result.replaceChildren(element("p", labels.failed)); });
        });
        status.replaceWith(form);
        form.after(result);
      })
      .catch(function () { status.textContent = labels.no_versions; });
  }

  var filters = 0;

  /* A filter box for the table or list after an element marked data-filter-next:
   * rows stay in the page (no server), those that do not match are hidden. */
  function setupFilter(marker) {
    var labels = JSON.parse(marker.getAttribute("data-labels"));
    var next = marker.nextElementSibling;
    var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
    var items = table ? Array.prototype.slice.call(table.tBodies[0].rows)
      : next && next.tagName === "UL" ? Array.prototype.slice.call(next.children) : [];
    if (!items.length) { return; }
    var columns = (marker.getAttribute("data-filter-columns") || "").split(" ").filter(Boolean);
    var texts = items.map(function (item) {
      if (!columns.length || !item.cells) { return item.textContent; }
      return columns.map(function (c) { return item.cells[Number(c)].textContent; }).join(" ");
    });
    var id = "hb-filter-" + (++filters);
    var label = element("label", labels.label, "hb-filter-label");
    label.htmlFor = id;
    var input = element("input", undefined, "hb-filter-input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-describedby", id + "-hint");
    var hint = element("p", labels.hint, "hb-filter-hint");
    hint.id = id + "-hint";
    var count = element("p", "", "hb-filter-count");
    count.setAttribute("role", "status");
    function update() {
      var shown = 0;
      items.forEach(function (item, i) {
        item.hidden = !matches(input.value.trim(), texts[i]);
        if (!item.hidden) { shown += 1; }
      });
      count.textContent = shown ? labels.count.replace("{shown}", shown)
        .replace("{total}", items.length) : labels.none;
    }
    input.addEventListener("input", update);
    /* Enter opens the only unit left. */
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var left = items.filter(function (item) { return !item.hidden; });
      var link = left.length === 1 && left[0].querySelector("a[href]");
      if (link) { event.preventDefault(); link.click(); }
    });
    marker.append(label, input, hint, count);
    update();
  }

  /* The start page says how old this copy is, like the read copy's age. */
  function showAge(stamp) {
    var labels = JSON.parse(stamp.getAttribute("data-labels"));
    var days = ageDays(stamp.getAttribute("data-built"), new Date());
    var text = days <= 0 ? labels.today : days === 1 ? labels.one_day
      : labels.days.replace("{days}", days);
    stamp.querySelector(".hb-copy-age").textContent = text;
    if (location.protocol === "file:") {
      stamp.querySelector(".hb-copy-on-disk").hidden = false;
    }
  }

  function pathOf(href) {
    var url = new URL(href, location.href);
    return url.pathname.replace(/index\.html$/, "");
  }

  /* Search results (Material renders them into this list as the reader types):
   * results from the page the reader is on come first, so on a unit's page its own
   * lab routine leads; and a result whose best match is a section opens that
   * section, not the page top (Material links the page's title to the top). */
  function arrangeResults(list) {
    var here = pathOf(location.href);
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) {
      var links = Array.prototype.filter.call(item.children, function (child) {
        return child.matches("a.md-search-result__link");
      });
      if (links.length > 1 && links[0].href.indexOf("#") === -1) {
        links[0].href = links[1].href;
      }
    });
    /* Only a unit's page ranks its own results first: elsewhere (the start page lists
     * every unit) the page the reader is on is not what they look for. */
    var own = !document.querySelector(".hb-jump") ? [] : items.filter(function (item) {
      var link = item.querySelector("a.md-search-result__link");
      return link && pathOf(link.href) === here;
    });
    var wanted = own.concat(items.filter(function (item) { return own.indexOf(item) === -1; }));
    /* Only move when the order is wrong: the moves are mutations the observer sees. */
    if (wanted.some(function (item, i) { return item !== items[i]; })) {
      wanted.forEach(function (item) { list.appendChild(item); });
    }
  }

  function watchSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.hbWatched || typeof MutationObserver === "undefined") { return; }
    list.dataset.hbWatched = "1";
    new MutationObserver(function () { arrangeResults(list); })
      .observe(list, { childList: true });
  }

  function enhance() {
    watchSearchResults();
    document.querySelectorAll("[data-sortable-next-table]").forEach(function (marker) {
      var next = marker.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table && !table.dataset.sortable) {
        table.dataset.sortable = "1";
        sortable(table);
      }
    });
    document.querySelectorAll("[data-filter-next]").forEach(function (marker) {
      if (!marker.dataset.ready) { marker.dataset.ready = "1"; setupFilter(marker); }
    });
    document.querySelectorAll(".hb-copy-stamp[data-built]").forEach(showAge);
    document.querySelectorAll(".hb-diff[data-unit]").forEach(function (box) {
      if (!box.dataset.ready) { box.dataset.ready = "1"; setupDiff(box); }
    });
  }

  if (window.document$) {
    window.document$.subscribe(enhance);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
