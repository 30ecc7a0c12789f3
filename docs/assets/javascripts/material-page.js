// Material's inline scripts after the content (mkdocs-material 9.8,
// partials/javascripts/outdated.html and content.html) as a file, for a
// Content-Security-Policy without 'unsafe-inline' (#28). Material's
// `new URL(base_url)` throws on a relative base ("."); here it resolves
// against the page.
(function(){var el=document.querySelector("[data-md-component=outdated]");if(el){var base=new URL(document.currentScript.dataset.mdBase,location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&(el.hidden=!1)}})();
(function(){var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))})();
