/* Small enhancements of the handbook pages; every page works without them. */
(function () {
  "use strict";

  /* Tables after an element marked data-sortable-next-table sort by a click on a heading. */
  function sortable(table) {
    var headings = table.querySelectorAll("thead th");
    headings.forEach(function (th, column) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "button");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          return (ascending ? 1 : -1) * x.localeCompare(y, "sv", { numeric: true });
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headings.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function enhance() {
    document.querySelectorAll("[data-sortable-next-table]").forEach(function (marker) {
      var next = marker.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table && !table.dataset.sortable) {
        table.dataset.sortable = "1";
        sortable(table);
      }
    });
  }

  if (window.document$) {
    window.document$.subscribe(enhance);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
