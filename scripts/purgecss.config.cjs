// PurgeCSS for Bootstrap (scripts/vendor.sh). Content: everything in portal/ that can name a class (templates,
// our scripts, Python that builds class names). PurgeCSS keeps a selector only when each of its class names
// appears as a word in that content.
const path = require("path");
const root = path.resolve(__dirname, "..");

module.exports = {
  css: [process.env.PURGE_CSS],
  content: [
    `${root}/portal/**/templates/**/*.html`,
    `${root}/portal/static/js/*.js`,
    `${root}/portal/**/*.py`,
  ],
  variables: true, // custom properties nothing reads go too
  safelist: {
    standard: [
      // toggled by Bootstrap's Collapse and by portal/static/js (never written in a template)
      "show", "showing", "collapse", "collapsing", "collapsed", "active", "disabled", "fade", "hiding",
      "was-validated", "is-invalid", "is-valid", "d-none", "visually-hidden", "visually-hidden-focusable",
      // elements written by content editors in Markdown (portal/core/markdown.py)
      "blockquote", "code", "pre", "kbd", "hr", "img", "ol", "ul", "dl", "dt", "dd", "sup", "sub", "mark",
      "small", "abbr", "table", "thead", "tbody", "th", "td", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
      // prefixes that templates complete at run time: text-bg-{{ tone }}, alert-{{ category }}, ...
      /^text-bg-/, /^alert-/, /^btn-outline-/, /^bg-/,
    ],
  },
};
