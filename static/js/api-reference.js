// Starts Swagger UI on the API reference page. A file (not an inline script) so that the
// page keeps the site's strict Content-Security-Policy.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  root.textContent = "";
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: false,
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get", "post", "put"],
    validatorUrl: null,
  });
})();
