// Tell require.js where the vendored widget manager lives, before embed-amd.js defines its modules. The widget
// modules load their icon fonts relative to their own module URL (by default <page dir>/@jupyter-widgets/...);
// this maps every @jupyter-widgets module to _static/vendor/, where tools/vendor_widgets_js.py put the fonts.
(function () {
  var vendor = document.currentScript.src.replace(/[^/]*$/, "") + "vendor";
  require.config({ paths: { "@jupyter-widgets": vendor, "@jupyter-widgets/html-manager/dist": vendor } });
})();
