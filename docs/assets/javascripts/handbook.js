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

  /* Whole days from the build date (YYYY-MM-DD) to the reader's day. */
  function ageDays(built, now) {
    var parts = built.split("-").map(Number);
    var then = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((today - then) / 86400000);
  }

  /* The unit finder (handbook/render/finder.py writes its index). ------------------- */

  /* A text's words for the finder: folded, split at anything but letters and digits. */
  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function everyPrefix(query, textWords) {
    return query.every(function (q) {
      return textWords.some(function (w) { return w.lastIndexOf(q, 0) === 0; });
    });
  }

  /* The index's units, each with its words folded once. */
  function prepareUnits(index) {
    return index.units.map(function (unit) {
      var all = [unit.name, unit.place || "", unit.org || ""].concat(unit.groups).join(" ");
      return { unit: unit, name: fold(unit.name), nameWords: words(unit.name),
               allWords: words(all), all: fold(all) };
    });
  }

  /* How well a unit matches (lower is better), or -1: the name starts with the query;
   * every word of the query starts a word of the name; ... a word of the name, place,
   * organisation or groups; every word is part of them ("gered" finds Angered). */
  function rank(entry, query, queryWords) {
    if (entry.name.lastIndexOf(query, 0) === 0) { return 0; }
    if (everyPrefix(queryWords, entry.nameWords)) { return 1; }
    if (everyPrefix(queryWords, entry.allWords)) { return 2; }
    if (queryWords.every(function (q) { return entry.all.indexOf(q) !== -1; })) { return 3; }
    return -1;
  }

  /* Short forms staff type for the words unit names are written with (folded). */
  var SHORT_FORMS = { vc: "vardcentral", vardcentralen: "vardcentral",
                      bvc: "barnavardscentral", bmm: "barnmorskemottagning",
                      psyk: "psykiatri" };

  /* Whether a and b differ by at most one letter (one changed, added or left out). */
  function withinOne(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i++; }
    if (a.length === b.length) { return a.slice(i + 1) === b.slice(i + 1); }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* A query word of four letters or more with one letter wrong ("kortdala", "gardstn")
   * matches a word, or the start of a word, of the unit's name, place or groups. */
  function nearWord(q, textWords) {
    return q.length >= 4 && textWords.some(function (w) {
      return withinOne(q, w) || (w.length > q.length && (withinOne(q, w.slice(0, q.length)) ||
        withinOne(q, w.slice(0, q.length + 1)) || withinOne(q, w.slice(0, q.length - 1))));
    });
  }

  function fuzzyRank(entry, queryWords) {
    var exact = queryWords.filter(function (q) { return everyPrefix([q], entry.allWords); });
    if (exact.length === queryWords.length) { return -1; }  /* ranked already */
    return queryWords.every(function (q) {
      return exact.indexOf(q) !== -1 || nearWord(q, entry.allWords);
    }) ? 4 : -1;
  }

  /* The units matching ``query``, best first (the index's order, by name, breaks
   * ties): {total, units: the first ``limit``}. Short forms ("vc") count as the word
   * they stand for; only when nothing matches, a word with one letter wrong does. */
  function findUnits(prepared, query, limit) {
    var queryWords = words(query).map(function (q) {
      return Object.prototype.hasOwnProperty.call(SHORT_FORMS, q) ? SHORT_FORMS[q] : q;
    });
    if (!queryWords.length) { return { total: 0, units: [] }; }
    var folded = words(query).join(" ");
    var hits = [];
    prepared.forEach(function (entry, order) {
      var r = rank(entry, folded, queryWords);
      if (r >= 0) { hits.push([r, order, entry.unit]); }
    });
    if (!hits.length) {
      prepared.forEach(function (entry, order) {
        if (fuzzyRank(entry, queryWords) >= 0) { hits.push([4, order, entry.unit]); }
      });
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return { total: hits.length, units: hits.slice(0, limit).map(function (h) { return h[2]; }) };
  }

  /* Exported for the tests under Node; the rest needs a page. */
  var testable = { words: words, prepareUnits: prepareUnits, findUnits: findUnits };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { diffFields: diffFields, fold: fold, ageDays: ageDays,
                       words: testable.words, prepareUnits: testable.prepareUnits,
                       findUnits: testable.findUnits };
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
    /* From the browser's copy the server is gone, and the other releases with it. */
    if (document.documentElement.hasAttribute("data-hb-cached")) {
      box.querySelector(".hb-diff-status").textContent = labels.no_versions;
      return;
    }
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

  var SHOWN = 10;  /* results at most: the reader types more rather than scrolls */
  var unitsLoading = null;

  /* The finder's index: a script that sets a global, so it loads from file:// too. */
  function loadUnits(path) {
    if (!unitsLoading) {
      unitsLoading = new Promise(function (resolve, reject) {
        if (window.__hbUnits) { resolve(window.__hbUnits); return; }
        var script = document.createElement("script");
        script.src = siteBase() + "/" + path;
        script.onload = function () {
          if (window.__hbUnits) { resolve(window.__hbUnits); } else { reject(new Error(path)); }
        };
        script.onerror = function () { unitsLoading = null; reject(new Error(path)); };
        document.head.appendChild(script);
      }).then(function (index) {
        return { url: index.url, units: prepareUnits(index) };
      });
    }
    return unitsLoading;
  }

  var finders = 0;

  /* A search box that lists matching units as the reader types, each linked to its
   * action card. The index loads when the box is first used. */
  function setupFinder(box) {
    var labels = JSON.parse(box.getAttribute("data-labels"));
    var id = "hb-finder-" + (++finders);
    var label = element("label", labels.label, "hb-finder-label");
    label.htmlFor = id;
    var input = element("input", undefined, "hb-finder-input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-describedby", id + "-hint");
    input.setAttribute("aria-controls", id + "-results");
    var hint = element("p", labels.hint, "hb-finder-hint");
    hint.id = id + "-hint";
    var count = element("p", "", "hb-finder-count");
    count.setAttribute("role", "status");
    var results = element("ul", undefined, "hb-finder-results");
    results.id = id + "-results";
    var base = siteBase();
    function link(unit, url) {
      var item = element("li");
      var a = element("a", unit.name);
      a.href = base + "/" + url.replace("{id}", unit.id) + "#atgardskort";
      item.appendChild(a);
      var where = [unit.place, unit.groups[0]].filter(Boolean).join(" · ");
      if (where) { item.appendChild(element("span", where, "hb-finder-where")); }
      return item;
    }
    function update(index) {
      var query = input.value;
      var found = findUnits(index.units, query, SHOWN);
      results.replaceChildren.apply(results, found.units.map(function (unit) {
        return link(unit, index.url);
      }));
      count.textContent = !query.trim() ? "" : !found.total ? labels.none
        : found.total === 1 ? labels.one
        : (found.total > found.units.length ? labels.count : labels.all)
          .replace("{shown}", found.units.length).replace("{total}", found.total);
    }
    function use() {
      loadUnits(box.getAttribute("data-index")).then(update, function () {
        count.textContent = labels.failed;
      });
    }
    input.addEventListener("focus", use);
    input.addEventListener("input", use);
    /* Enter opens the first unit listed. */
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var first = results.querySelector("a[href]");
      if (first) { event.preventDefault(); first.click(); }
    });
    box.append(label, input, hint, count, results);
  }

  /* " (för 3 dagar sedan)": the age words of labels.yml's this_copy. */
  function ageText(labels, built) {
    var days = ageDays(built, new Date());
    return days <= 0 ? labels.today : days === 1 ? labels.one_day
      : labels.days.replace("{days}", days);
  }

  /* The start page says how old this copy is, like the read copy's age. */
  function showAge(stamp) {
    var labels = JSON.parse(stamp.getAttribute("data-labels"));
    stamp.querySelector(".hb-copy-age").textContent =
      ageText(labels, stamp.getAttribute("data-built"));
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
  /* A unit page's sections (h2-h4 with an id), each with its own text up to the next
   * heading. Material's index holds a unit page as one entry (search_index.py): the
   * page's own text is searched here, on the page. */
  var sections = null;
  function pageSections() {
    if (sections) { return sections; }
    var article = document.querySelector("article");
    var headings = article ? article.querySelectorAll("h2[id], h3[id], h4[id]") : [];
    sections = Array.prototype.map.call(headings, function (heading) {
      var title = heading.textContent.replace(/\u00b6\s*$/, "").trim();
      var parts = [];
      for (var e = heading.nextElementSibling; e && !/^H[1-6]$/.test(e.tagName);
           e = e.nextElementSibling) {
        sectionText(e, parts);
      }
      /* No space before a comma or full stop that follows a bold word. */
      var text = parts.join(" ").replace(/\s+/g, " ").replace(/ ([,.;)])/g, "$1").trim();
      return { id: heading.id, title: title, text: text, titleWords: words(title),
               allWords: words(title + " " + text) };
    });
    return sections;
  }

  /* An element's text word by word (a label and its value are elements with no space
   * between), each row of a list of fields as "Label: value" and a heading within the
   * section (a lab's name) set apart by " · ": "Namn: Elin Sandberg · Telefon:
   * 031-345 71 40", not "Namn Elin Sandberg Telefon"; without the headings' ¶. */
  function sectionText(node, parts) {
    for (var n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        parts.push(n.nodeValue);
      } else if (n.nodeType !== 1 || n.classList.contains("headerlink")) {
        continue;
      } else if (n.matches("th[scope=row]")) {
        if (n.parentElement.previousElementSibling) { parts.push("·"); }
        parts.push(n.textContent.trim() + ":");
      } else if (/^H[1-6]$/.test(n.tagName)) {
        if (!/(^|[:·])$/.test(parts.join("").trim())) { parts.push("·"); }
        sectionText(n, parts);
        parts.push("·");
      } else {
        sectionText(n, parts);
      }
    }
  }

  /* The sections of this page that hold every word of the query (as word starts),
   * those whose heading holds them first; at most five. */
  function pageHits(query) {
    var queryWords = words(query);
    if (!queryWords.length) { return []; }
    var found = pageSections().filter(function (s) { return everyPrefix(queryWords, s.allWords); });
    var titled = found.filter(function (s) { return everyPrefix(queryWords, s.titleWords); });
    return titled.concat(found.filter(function (s) { return titled.indexOf(s) === -1; }))
      .slice(0, 5);
  }

  function pageHitItem(section) {
    var item = element("li", undefined, "md-search-result__item hb-page-hit");
    var link = element("a", undefined, "md-search-result__link");
    /* The page's own address, as Material's results have: a bare "#id" left the
     * page where it was once Material closed the search on a phone. */
    link.setAttribute("href", location.pathname + "#" + section.id);
    link.tabIndex = -1;
    var article = element("article", undefined, "md-search-result__article md-typeset");
    article.appendChild(element("h1", section.title));
    /* The unit the section belongs to, as Material's results name their page. */
    var unit = document.querySelector("article.md-content__inner h1");
    if (unit) {
      article.appendChild(element("p", unit.textContent.replace(/\u00b6\s*$/, "").trim(),
                                  "hb-page-hit-unit"));
    }
    article.appendChild(element("p", section.text.length > 160
      ? section.text.slice(0, 160) + " …" : section.text));
    link.appendChild(article);
    item.appendChild(link);
    /* A link within the page does not load it again: close the search first, as
     * Material keeps the page still while its search is open and then restores the
     * old scroll position, and go to the section after that. */
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var toggle = document.getElementById("__search");
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      setTimeout(function () {
        /* A new hash scrolls to the section below the header (Material's :target
         * margin); the same hash again does not, so scroll to it then. */
        if (location.hash !== "#" + section.id) {
          location.hash = section.id;
        } else {
          var target = document.getElementById(section.id);
          if (target) { target.scrollIntoView(); }
        }
      }, 100);
    });
    return item;
  }

  var hitsShown = { query: null, items: [] };

  /* On a unit's page, the sections of the page that match come first. */
  function ownPageHits() {
    if (!document.querySelector(".hb-jump")) { return []; }
    var input = document.querySelector("input.md-search__input");
    var query = input ? input.value : "";
    if (hitsShown.query !== query) {
      hitsShown = { query: query, items: pageHits(query).map(pageHitItem) };
    }
    return hitsShown.items;
  }

  function arrangeResults(list) {
    var here = pathOf(location.href);
    var hits = ownPageHits();
    Array.prototype.slice.call(list.querySelectorAll(".hb-page-hit")).forEach(function (old) {
      if (hits.indexOf(old) === -1) { list.removeChild(old); }
    });
    var items = Array.prototype.slice.call(list.children).filter(function (item) {
      return hits.indexOf(item) === -1;
    });
    items.forEach(function (item) {
      var links = Array.prototype.filter.call(item.children, function (child) {
        return child.matches("a.md-search-result__link");
      });
      if (links.length > 1 && links[0].href.indexOf("#") === -1) {
        links[0].href = links[1].href;
      }
    });
    /* Material notes a word as missing ("Saknas: kortdala") when no word starts with
     * it, also when its twin one letter off matched (tolerantQuery): not in a result
     * that shows a match. */
    list.querySelectorAll(".md-search-result__article").forEach(function (article) {
      if (!article.querySelector("mark")) { return; }
      article.querySelectorAll(".md-search-result__terms del").forEach(function (del) {
        if (tolerated[del.textContent.toLocaleLowerCase("sv")]) { del.remove(); }
      });
      article.querySelectorAll(".md-search-result__terms").forEach(function (note) {
        if (!note.querySelector("del")) { note.remove(); }
      });
    });
    /* Only a unit's page ranks its own results first: elsewhere (the start page lists
     * every unit) the page the reader is on is not what they look for. */
    var own = !document.querySelector(".hb-jump") ? [] : items.filter(function (item) {
      var link = item.querySelector("a.md-search-result__link");
      return link && pathOf(link.href) === here;
    });
    var wanted = hits.concat(own, items.filter(function (item) { return own.indexOf(item) === -1; }));
    /* Only move when the order is wrong: the moves are mutations the observer sees. */
    var shown = list.children;
    if (wanted.some(function (item, i) { return item !== shown[i]; })) {
      wanted.forEach(function (item) { list.appendChild(item); });
    }
  }

  /* The count above the results counts what is shown: Material counts its own results
   * only, and the page's own hits come on top of them. */
  var counted = { material: 0 };
  function searchTranslation(key) {
    var config = document.getElementById("__config");
    var texts = config ? JSON.parse(config.textContent).translations || {} : {};
    return texts[key];
  }

  function materialCount(text) {
    if (text === searchTranslation("search.result.none")) { return 0; }
    if (text === searchTranslation("search.result.one")) { return 1; }
    var number = /\d+/.exec(text);
    return number ? Number(number[0]) : null;
  }

  function updateCount() {
    var meta = document.querySelector(".md-search-result__meta");
    var input = document.querySelector("input.md-search__input");
    if (!meta || !input || !input.value.trim()) { return; }
    /* Material writes plain text; this count is a span, so each knows its own. */
    var ours = meta.querySelector(".hb-search-count");
    if (!ours) {
      var found = materialCount(meta.textContent.trim());
      if (found === null) { return; }  /* "Initialiserar sök": no results yet */
      counted.material = found;
    }
    var total = counted.material + hitsShown.items.length;
    var wanted = !total ? searchTranslation("search.result.none")
      : total === 1 ? searchTranslation("search.result.one")
      : (searchTranslation("search.result.other") || "#").replace("#", total);
    if (wanted && (!ours || ours.textContent !== wanted)) {
      meta.replaceChildren(element("span", wanted, "hb-search-count"));
    }
  }

  function watchSearchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.hbWatched || typeof MutationObserver === "undefined") { return; }
    list.dataset.hbWatched = "1";
    new MutationObserver(function () { arrangeResults(list); updateCount(); })
      .observe(list, { childList: true });
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) {
      new MutationObserver(updateCount).observe(meta, { childList: true, characterData: true,
                                                        subtree: true });
    }
    /* A query Material finds nothing for changes no result: the page's own hits still show. */
    var input = document.querySelector("input.md-search__input");
    if (input) {
      input.addEventListener("input", function () { arrangeResults(list); updateCount(); });
      /* The field's × empties it without a key: Material kept the old results and count
       * under an empty field. Tell it the field changed, as a key would. */
      if (input.form) {
        input.form.addEventListener("reset", function () {
          setTimeout(function () {
            input.dispatchEvent(new KeyboardEvent("keyup"));
            input.dispatchEvent(new Event("input"));
          }, 0);
        });
      }
    }
  }

  /* The site's copy in the browser (handbook/site/service_worker.py writes sw.js). Only
   * over http(s): from file:// (the offline copy) a service worker cannot run. */
  function offlineCacheSettings() {
    var script = document.getElementById("hb-offline-cache");
    return script ? JSON.parse(script.textContent) : null;
  }

  function registerServiceWorker() {
    var settings = offlineCacheSettings();
    if (!settings || location.protocol === "file:" || !("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register(siteBase() + "/" + settings.worker)
      .catch(function () { /* the site works without its copy */ });
  }

  /* A page the worker answered from its copy (the server could not be reached) says
   * so, with the date and age of the copy, as the start page does: a strip in the
   * sticky header, so it shows wherever the reader lands (a unit link lands on the
   * action card, far down the page). The strip's height moves the sidebars and the
   * anchors' scroll margin down with it (handbook.css, --hb-strip), so it never hides
   * the heading the reader came for. The details open on a tap. */
  function showCachedNotice() {
    var root = document.documentElement;
    var built = root.getAttribute("data-hb-cached");
    var settings = offlineCacheSettings();
    var header = document.querySelector("header.md-header");
    if (!built || !settings || !header || document.querySelector(".hb-cached-copy")) {
      return;
    }
    var labels = settings.labels;
    var notice = element("div", undefined, "hb-cached-copy");
    notice.setAttribute("role", "status");
    var more = element("details");
    var title = element("summary", undefined, "hb-cached-copy-title");
    var parts = labels.notice.split("{date}");
    var strong = element("strong", parts[0]);
    var time = element("time", built);
    time.setAttribute("datetime", built);
    strong.append(time, parts[1] || "");
    title.append(strong, ageText(labels, built) + ".");
    more.appendChild(title);
    var release = root.getAttribute("data-hb-release") || settings.draft;
    more.appendChild(element("p", labels.detail + " " + (release === settings.draft
      ? labels.draft : labels.release.replace("{release}", release)), "hb-cached-copy-detail"));
    notice.appendChild(more);
    header.appendChild(notice);
    function measure() {
      root.style.setProperty("--hb-strip", notice.offsetHeight + "px");
    }
    measure();
    window.addEventListener("resize", measure);
    more.addEventListener("toggle", measure);
    /* Landed on an anchor before the strip was there: to it again, below the strip. */
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) { target.scrollIntoView(); }
  }

  /* A unit page's sections after the action card are folded on screen, so a phone's
   * page is the card and a list of section headings (issue 28); the card stays open.
   * Each h3 of the article gets a button (the disclosure pattern: the heading keeps
   * its role) that shows or hides what follows it up to the next h2 or h3. The hidden
   * part is hidden="until-found": the browser's find in page (Ctrl+F) and a link to
   * an anchor in it open it (Chromium); a link, a search result, the contents or the
   * jump menu open it here as well. Print shows every section (handbook.css). */
  function setFold(fold, open) {
    if (open) { fold.removeAttribute("hidden"); } else { fold.setAttribute("hidden", "until-found"); }
    var button = document.querySelector('[aria-controls="' + fold.id + '"]');
    if (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  function foldOf(target) {
    var fold = target.closest(".hb-fold");
    if (fold) { return fold; }
    var next = target.nextElementSibling;
    return next && next.classList.contains("hb-fold") ? next : null;
  }

  /* Open the fold that holds (or follows the heading of) the element ``id``; true when
   * one was opened. */
  function openFoldFor(id) {
    var target = id ? document.getElementById(id) : null;
    var fold = target ? foldOf(target) : null;
    if (!fold || !fold.hasAttribute("hidden")) { return false; }
    setFold(fold, true);
    return true;
  }

  function hashId() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ""; }
  }

  function foldSection(heading, number) {
    var fold = element("div", undefined, "hb-fold");
    fold.id = "hb-fold-" + number;
    var node = heading.nextSibling;
    while (node && !(node.nodeType === 1 && /^H[1-3]$/.test(node.tagName))) {
      var next = node.nextSibling;
      fold.appendChild(node);
      node = next;
    }
    if (!fold.querySelector("*")) { return null; }
    heading.after(fold);
    var button = element("button", undefined, "hb-fold-toggle");
    button.type = "button";
    button.setAttribute("aria-controls", fold.id);
    Array.prototype.slice.call(heading.childNodes).forEach(function (child) {
      if (!(child.nodeType === 1 && child.classList.contains("headerlink"))) {
        button.appendChild(child);
      }
    });
    heading.insertBefore(button, heading.firstChild);
    heading.classList.add("hb-fold-heading");
    button.addEventListener("click", function () { setFold(fold, fold.hasAttribute("hidden")); });
    /* Find in page opened it: the browser removes the attribute itself. */
    fold.addEventListener("beforematch", function () {
      button.setAttribute("aria-expanded", "true");
    });
    setFold(fold, false);
    return fold;
  }

  function foldUnitPage() {
    var article = document.querySelector("article.md-content__inner");
    var jump = article && article.querySelector(".hb-jump[data-fold-labels]");
    if (!jump || article.dataset.hbFolded) { return; }
    article.dataset.hbFolded = "1";
    var labels = JSON.parse(jump.getAttribute("data-fold-labels"));
    var headings = article.querySelectorAll(":scope > h3[id]");
    var folds = Array.prototype.map.call(headings, foldSection).filter(Boolean);
    if (!folds.length) { return; }
    /* One button to show (or fold) them all, before the first folded part. */
    var all = element("button", labels.open_all, "hb-fold-all md-button");
    all.type = "button";
    all.addEventListener("click", function () {
      var open = folds.some(function (f) { return f.hasAttribute("hidden"); });
      folds.forEach(function (f) { setFold(f, open); });
    });
    var first = folds[0].previousElementSibling;
    var part = first.previousElementSibling;
    while (part && part.tagName !== "H2") { part = part.previousElementSibling; }
    (part || first).before(element("p", undefined, "hb-fold-all-line"));
    (part || first).previousElementSibling.appendChild(all);
    function label() {
      var shut = folds.some(function (f) { return f.hasAttribute("hidden"); });
      all.textContent = shut ? labels.open_all : labels.close_all;
    }
    if (typeof MutationObserver !== "undefined") {
      new MutationObserver(label).observe(article, { attributes: true, subtree: true,
                                                     attributeFilter: ["hidden"] });
    }
    /* A link to an anchor on this page opens its section before the browser scrolls. */
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href*='#']");
      if (!link) { return; }
      var url = new URL(link.href, location.href);
      if (url.pathname === location.pathname && url.hash) {
        try { openFoldFor(decodeURIComponent(url.hash.slice(1))); } catch (e) { /* a bad hash */ }
      }
    }, true);
    function toHash() {
      var id = hashId();
      if (openFoldFor(id)) { document.getElementById(id).scrollIntoView(); }
    }
    window.addEventListener("hashchange", toHash);
    toHash();
  }

  /* A table wider than its column (a phone, or many columns) says so: a line above it,
   * a shadow at the edge that has more, and the scroll box takes the keyboard's focus
   * (arrow keys scroll it), named by that line. Checked again when the width changes. */
  var scrollBoxes = 0;
  function markScrollingTables() {
    var meta = document.querySelector('meta[name="hb-table-scrolls"]');
    if (!meta) { return; }
    document.querySelectorAll("article .md-typeset__scrollwrap").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("hb-scroll-hint");
      if (wide && !has) {
        hint = element("p", meta.getAttribute("content"), "hb-scroll-hint");
        hint.id = "hb-scroll-hint-" + (++scrollBoxes);
        box.before(hint);
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-labelledby", hint.id);
        box.classList.add("hb-scrolls");
      } else if (!wide && has) {
        hint.remove();
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
        box.classList.remove("hb-scrolls");
      }
    });
  }

  function enhance() {
    showCachedNotice();
    foldUnitPage();
    markScrollingTables();
    watchSearchResults();
    document.querySelectorAll("[data-sortable-next-table]").forEach(function (marker) {
      var next = marker.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table && !table.dataset.sortable) {
        table.dataset.sortable = "1";
        sortable(table);
      }
    });
    document.querySelectorAll("[data-sortable-tables] table").forEach(function (table) {
      if (!table.dataset.sortable) { table.dataset.sortable = "1"; sortable(table); }
    });
    document.querySelectorAll(".hb-finder[data-index]").forEach(function (box) {
      if (!box.dataset.ready) { box.dataset.ready = "1"; setupFinder(box); }
    });
    document.querySelectorAll(".hb-copy-stamp[data-built]").forEach(showAge);
    document.querySelectorAll(".hb-diff[data-unit]").forEach(function (box) {
      if (!box.dataset.ready) { box.dataset.ready = "1"; setupDiff(box); }
    });
  }

  /* One letter wrong in a word of five letters or more still finds it in the site
   * search ("kortdala" finds Kortedala). Material posts the query to its search worker
   * as typed (a message of type 2, QUERY) and has no hook to change it, so on its way
   * there each such word gets a twin with lunr's edit distance 1 ("kortdala~1") beside
   * Material's own prefix form. A query with quotes or lunr's signs is left as typed. */
  var SEARCH_QUERY = 2;
  var tolerated = {};  /* the words that got a twin, lower case */
  function tolerantQuery(text) {
    if (/["*~^:+]/.test(text)) { return text; }
    var twins = text.split(/\s+/).filter(function (word) {
      return /^\p{L}{5,}$/u.test(word);
    }).map(function (word) {
      tolerated[word.toLocaleLowerCase("sv")] = true;
      return word + "~1";
    });
    return twins.length ? text + " " + twins.join(" ") : text;
  }
  if (typeof Worker !== "undefined" && !Worker.prototype.hbTolerant) {
    var postMessage = Worker.prototype.postMessage;
    Worker.prototype.hbTolerant = true;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
        args[0] = { type: SEARCH_QUERY, data: tolerantQuery(message.data) };
      }
      return postMessage.apply(this, args);
    };
  }

  registerServiceWorker();
  window.addEventListener("resize", markScrollingTables);
  /* A group opened on the list pages shows its table: measure it then. */
  document.addEventListener("toggle", markScrollingTables, true);
  if (window.document$) {
    window.document$.subscribe(enhance);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
