// Loaded synchronously at the top of <body> (not inline: the Content-Security-Policy allows no
// inline script), so GOV.UK Frontend's JavaScript-only styles apply before the first paint.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
