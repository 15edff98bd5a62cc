// The admin's rich-text editor (django-prose-editor, Tiptap): its editing area is a contenteditable with
// role="textbox" but no accessible name. Once an editor is mounted, name it by the field's own <label>
// (aria-labelledby), mark it multi-line and pass on the textarea's help text (aria-describedby).
// The attributes go through Tiptap's editorProps, so ProseMirror keeps them on every redraw.
// A static file, not an inline script: the strict Content-Security-Policy stays as it is (decision 0039).
(function () {
  "use strict";

  function namesFor(textarea) {
    var attributes = { "aria-multiline": "true" };
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) label.id = textarea.id + "_label";
      attributes["aria-labelledby"] = label.id;
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) attributes["aria-describedby"] = described;
    return attributes;
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.detail && event.detail.editor;
    var textarea = event.detail && event.detail.textarea;
    if (!editor || !textarea) return;
    var props = editor.options.editorProps || {};
    var own = typeof props.attributes === "object" && props.attributes ? props.attributes : {};
    var attributes = Object.assign({}, own, namesFor(textarea));
    editor.setOptions({ editorProps: Object.assign({}, props, { attributes: attributes }) });
  });

  // An editor mounted before this script listened (another load order): name its element directly.
  window.addEventListener("load", function () {
    document.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var area = wrapper.querySelector(".ProseMirror[contenteditable]");
      var textarea = wrapper.querySelector("textarea");
      if (!area || !textarea || area.hasAttribute("aria-labelledby")) return;
      var attributes = namesFor(textarea);
      Object.keys(attributes).forEach(function (name) { area.setAttribute(name, attributes[name]); });
    });
  });
})();
