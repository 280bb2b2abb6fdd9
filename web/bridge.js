// web/bridge.js: the widgets' page side (shell/ui/widgets.h): the accessibility mirror, the
// text element that edits a field, and the chooser of photos and PDF documents.
//
// Owns DOM work that must happen inside the browser's own event handlers: a phone raises its
// keyboard only for a focus() made during the tap, and opens the camera only for a click() made
// during it. So the canvas's tap handlers here hit-test the last frame's widget rectangles (the
// mirror) themselves instead of waiting for the next frame. Does not own drawing: ImGui draws
// the field's value and caret; the text element over it is transparent.
// The program calls aduanUi.mirror(json) when the tree changes and aduanUi.start() once; this
// file calls back through Module.aduanNative (shell/ui/widgets_web.cpp).
(function () {
  'use strict';
  var TAP_SLOP = 10;  // CSS px a finger may move and still tap (web_input.cpp agrees)
  var PHOTO_LONG_EDGE = 1600;
  var PHOTO_QUALITY = 0.8;
  var PHOTO_MAX_BYTES = 2 * 1024 * 1024;
  // A document is kept as it is, so the rules' one cap of a file (rules::kMaxAttachmentBytes)
  // applies; checked here before a large file is read into the program, and again there.
  var DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
  var PDF_SIGNATURE = '%PDF-';
  var native = null;
  var canvas = null;
  var nodes = [];
  var mirrorRoot = null;
  var mirrorElements = new Map();
  var field = null;  // { node, el } while a text element edits a field
  var lastField = '';  // the field the portal's on-screen keyboard types into
  var onScreenKeyboard = false;
  var composing = false;
  var photoInput = null;
  var photoFor = '';
  var encoder = new TextEncoder();

  function bytesBefore(text, index) { return encoder.encode(text.slice(0, index)).length; }

  function hit(x, y) {
    for (var i = nodes.length - 1; i >= 0; i--) {
      var n = nodes[i];
      if ((n.role === 'textbox' || n.photo || n.key) && !n.disabled &&
          x >= n.x && x < n.x + n.w && y >= n.y && y < n.y + n.h) return n;
    }
    return null;
  }

  // ---- the text element -------------------------------------------------------------------
  function makeTextElement(tag) {
    var el = document.createElement(tag);
    el.className = 'aduan-text';
    el.setAttribute('autocomplete', 'off');
    el.addEventListener('input', sendText);
    el.addEventListener('select', sendText);
    el.addEventListener('compositionstart', function () { composing = true; });
    el.addEventListener('compositionend', function () { composing = false; sendText(); });
    el.addEventListener('keydown', onTextKey);
    el.addEventListener('blur', onTextBlur);
    // The wheel over a focused field scrolls the screen, as it does everywhere else.
    el.addEventListener('wheel', function (e) {
      e.preventDefault();
      canvas.dispatchEvent(new WheelEvent('wheel', e));
    }, { passive: false });
    document.body.appendChild(el);
    return el;
  }
  var inputEl = null;
  var areaEl = null;

  var secrets = {};
  function sendText() {
    if (!field) return;
    var el = field.el;
    var value = el.value;
    if (field.node.mode === 'password') secrets[field.node.id] = value;
    var anchor = el.selectionDirection === 'backward' ? el.selectionEnd : el.selectionStart;
    var caret = el.selectionDirection === 'backward' ? el.selectionStart : el.selectionEnd;
    native.text(field.node.id, value, bytesBefore(value, anchor), bytesBefore(value, caret));
  }

  // The same font at the same size as ImGui's, so a click lands where the text is drawn. ImGui
  // sizes a font by its line height, CSS by its em; the program measured the family's ratio
  // when it baked its fonts (Module.uiFont, shell/ui/font_atlas_web.cpp).
  function place(el, n) {
    var font = Module.uiFont;
    var size = (n.fontSize || 18) * font.emPerHeight + 'px';
    if (el.style.fontFamily !== font.family) el.style.fontFamily = font.family;
    if (el.style.fontSize !== size) { el.style.fontSize = size; el.style.lineHeight = (n.fontSize || 18) + 'px'; }
    el.style.left = n.x + 'px';
    el.style.top = n.y + 'px';
    el.style.width = n.w + 'px';
    el.style.height = n.h + 'px';
  }

  function focusField(n) {
    var multiline = n.mode === 'multiline';
    var el = multiline ? areaEl : inputEl;
    if (field && field.el !== el) field.el.blur();
    var types = { tel: 'tel', email: 'email', url: 'url', password: 'password' };
    if (!multiline) el.type = types[n.mode] || 'text';
    el.inputMode = onScreenKeyboard ? 'none' : n.mode === 'numeric' ? 'numeric' :
      n.mode === 'multiline' || n.mode === 'password' ? 'text' : n.mode;
    var prose = n.mode === 'text' || multiline;
    el.setAttribute('autocapitalize', prose ? 'sentences' : 'off');
    el.setAttribute('autocorrect', prose ? 'on' : 'off');
    el.spellcheck = prose;
    el.setAttribute('aria-label', n.name);
    el.setAttribute('enterkeyhint', multiline ? 'enter' : n.submit ? 'go' : nextField(n) ? 'next' : 'done');
    field = { node: n, el: el };
    lastField = n.id;
    // A password reaches the page only as asterisks; its text is what this page last sent.
    if (n.mode === 'password' && !n.value) secrets[n.id] = '';
    el.value = n.mode === 'password' ? secrets[n.id] || '' : n.value || '';
    place(el, n);
    el.classList.add('active');
    el.focus({ preventScroll: true });
    // email and tel inputs have no selection API; their caret stays at the end.
    try { el.setSelectionRange(el.value.length, el.value.length); } catch (e) { /* see above */ }
    native.focus(n.id);
    sendText();
  }

  function nextField(n, backward) {
    var boxes = nodes.filter(function (m) { return m.role === 'textbox' && !m.disabled; });
    var at = boxes.findIndex(function (m) { return m.id === n.id; });
    return boxes[at + (backward ? -1 : 1)] || null;
  }

  function onTextKey(e) {
    if (!field || e.isComposing || composing) return;
    var single = field.el === inputEl;
    var submit = field.node.submit;
    if (e.key === 'Enter' && submit && (single || e.ctrlKey || e.metaKey)) {
      // The field's form is sent, as Enter sends a form on any page (Ctrl+Enter in a text area,
      // where Enter is a new line): the program presses the form's button next frame.
      e.preventDefault();
      field.el.blur();
      native.activate(submit);
    } else if (e.key === 'Enter' && single) {
      e.preventDefault();
      var next = nextField(field.node);
      if (next) focusField(next); else field.el.blur();
    } else if (e.key === 'Tab') {
      // On to the widget before or after this field in the mirror's order (buttons included).
      e.preventDefault();
      var all = Array.prototype.slice.call(mirrorRoot.querySelectorAll('[tabindex]'));
      var at = all.indexOf(mirrorElements.get(field.node.id));
      var target = all[at + (e.shiftKey ? -1 : 1)];
      field.el.blur();
      if (target) target.focus();
    } else if (e.key === 'Escape') {
      field.el.blur();
    }
  }

  function onTextBlur(e) {
    if (!field || field.el !== e.target) return;
    e.target.classList.remove('active');
    field = null;
    composing = false;
    native.focus('');
  }

  // ---- taps on the canvas ------------------------------------------------------------------
  function act(x, y, event) {
    var n = hit(x, y);
    if (n && n.key) {
      event.preventDefault();  // an on-screen key: the field keeps the focus, ImGui gets the tap
    } else if (n && n.photo) {
      photoFor = n.id;
      photoInput.value = '';
      photoInput.click();
    } else if (n) {
      if (!field || field.node.id !== n.id) focusField(n);
      event.preventDefault();  // keeps focus on the text element, not the canvas
    } else if (field) {
      field.el.blur();
    }
  }

  var touchStart = null;
  function onTouchStart(e) {
    var t = e.changedTouches[0];
    touchStart = e.touches.length === 1 ? { x: t.clientX, y: t.clientY } : null;
  }
  function onTouchEnd(e) {
    var t = e.changedTouches[0];
    if (!touchStart || Math.hypot(t.clientX - touchStart.x, t.clientY - touchStart.y) > TAP_SLOP) return;
    touchStart = null;
    act(t.clientX, t.clientY, e);
  }
  function onMouseDown(e) {
    if (e.button === 0) act(e.clientX, e.clientY, e);
  }

  // ---- photos ------------------------------------------------------------------------------
  function encode(bitmap, width, height, quality) {
    var c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    var g = c.getContext('2d');
    g.imageSmoothingQuality = 'high';
    g.drawImage(bitmap, 0, 0, width, height);
    return new Promise(function (done) { c.toBlob(done, 'image/jpeg', quality); });
  }

  // Decoded upright, drawn at most PHOTO_LONG_EDGE px long, re-encoded as JPEG: the canvas
  // keeps only pixels, so EXIF (the camera's location included) never leaves the phone.
  async function preparePhoto(file) {
    var bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    var scale = Math.min(1, PHOTO_LONG_EDGE / Math.max(bitmap.width, bitmap.height));
    var width = Math.max(1, Math.round(bitmap.width * scale));
    var height = Math.max(1, Math.round(bitmap.height * scale));
    var quality = PHOTO_QUALITY;
    var blob = await encode(bitmap, width, height, quality);
    while (blob && blob.size > PHOTO_MAX_BYTES && quality > 0.35) {
      quality -= 0.15;
      blob = await encode(bitmap, width, height, quality);
    }
    if (bitmap.close) bitmap.close();
    if (!blob || blob.size > PHOTO_MAX_BYTES) throw new Error('photo.too_large');
    return { bytes: new Uint8Array(await blob.arrayBuffer()), width: width, height: height };
  }

  // A PDF is told by its first bytes, whatever its name or the type the system gives it.
  async function isPdf(file) {
    var head = new Uint8Array(await file.slice(0, PDF_SIGNATURE.length).arrayBuffer());
    return String.fromCharCode.apply(null, head) === PDF_SIGNATURE;
  }

  async function prepareFile(file) {
    if (!(await isPdf(file))) {
      var photo = await preparePhoto(file);
      photo.mediaType = 'image/jpeg';
      return photo;
    }
    if (file.size > DOCUMENT_MAX_BYTES) throw new Error('photo.too_large');
    var bytes = new Uint8Array(await file.arrayBuffer());
    return { bytes: bytes, mediaType: 'application/pdf', width: 0, height: 0 };
  }

  function onPhotoChosen() {
    var file = photoInput.files && photoInput.files[0];
    var id = photoFor;
    if (!file || !id) return;
    prepareFile(file).then(function (chosen) {
      native.photo(id, chosen.bytes, chosen.mediaType, chosen.width, chosen.height, '');
    }, function (error) {
      native.photo(id, new Uint8Array(0), '', 0, 0,
        error && error.message === 'photo.too_large' ? 'photo.too_large' : 'photo.unreadable');
    });
  }

  // ---- the accessibility mirror ------------------------------------------------------------
  var ROLES = { text: null, heading: 'heading', textbox: 'textbox', button: 'button',
    checkbox: 'checkbox', radio: 'radio', radiogroup: 'radiogroup', status: 'status',
    alert: 'alert', progressbar: 'progressbar', list: 'list', listitem: 'listitem',
    img: 'img' };

  function mirrorElement(n) {
    var el = mirrorElements.get(n.id);
    if (!el) {
      el = document.createElement('div');
      el.dataset.id = n.id;
      el.addEventListener('click', onMirrorClick);
      el.addEventListener('keydown', onMirrorKey);
      el.addEventListener('focus', onMirrorFocus);
      mirrorElements.set(n.id, el);
    }
    var role = ROLES[n.role];
    if (role) el.setAttribute('role', role); else el.removeAttribute('role');
    // Interactive widgets are reachable with Tab; the focus ring is drawn over the canvas.
    toggle(el, 'tabindex', INTERACTIVE[n.role] === true, '0');
    if (n.role === 'heading') el.setAttribute('aria-level', String(n.level || 1));
    var named = n.role !== 'text' && n.role !== 'alert' && n.role !== 'status';
    if (named) el.setAttribute('aria-label', n.name); else el.removeAttribute('aria-label');
    el.textContent = n.role === 'textbox' ? (n.value || '') : named && n.role !== 'heading' ? '' : n.name;
    if (n.role === 'heading') el.textContent = n.name;
    toggle(el, 'aria-checked', n.role === 'checkbox' || n.role === 'radio', String(!!n.checked));
    toggle(el, 'aria-invalid', !!n.invalid, 'true');
    toggle(el, 'aria-required', !!n.required, 'true');
    toggle(el, 'aria-disabled', !!n.disabled, 'true');
    toggle(el, 'aria-description', !!n.description, n.description || '');
    toggle(el, 'aria-valuenow', n.role === 'progressbar', String(n.valueNow));
    toggle(el, 'aria-valuetext', n.role === 'progressbar' || (n.role === 'button' && !!n.value),
      n.role === 'progressbar' ? n.name : n.value || '');
    toggle(el, 'aria-multiline', n.role === 'textbox' && n.mode === 'multiline', 'true');
    toggle(el, 'data-photo', !!n.photo, 'true');
    el.style.left = n.x + 'px';
    el.style.top = n.y + 'px';
    el.style.width = n.w + 'px';
    el.style.height = n.h + 'px';
    return el;
  }

  var INTERACTIVE = { button: true, textbox: true, checkbox: true, radio: true };

  function nodeOf(el) {
    return nodes.find(function (m) { return m.id === el.dataset.id; });
  }

  // Keyboard use of a focused mirror element: Enter or Space presses the widget.
  function onMirrorKey(e) {
    var n = nodeOf(e.currentTarget);
    if (!n || n.role === 'textbox' || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    e.stopPropagation();  // not also a key for the canvas
    if (n.photo) { photoFor = n.id; photoInput.value = ''; photoInput.click(); } else native.activate(n.id);
  }

  // Tab onto a text field: the real text element takes over.
  function onMirrorFocus(e) {
    var n = nodeOf(e.currentTarget);
    if (n && n.role === 'textbox') focusField(n);
  }

  function toggle(el, name, on, value) {
    if (on) el.setAttribute(name, value); else el.removeAttribute(name);
  }

  // A screen reader's default action (or any synthetic click): activate the widget in C++.
  function onMirrorClick(e) {
    var n = nodeOf(e.currentTarget);
    if (!n) return;
    if (n.role === 'textbox') focusField(n);
    else if (n.photo) { photoFor = n.id; photoInput.value = ''; photoInput.click(); }
    else native.activate(n.id);
  }

  // Puts exactly `children`, in this order, under `parent`, moving only what is out of place.
  function arrange(parent, children) {
    children.forEach(function (child, i) {
      if (parent.childNodes[i] !== child) parent.insertBefore(child, parent.childNodes[i] || null);
    });
    while (parent.childNodes.length > children.length) parent.lastChild.remove();
  }

  var lists = [];  // role=list containers, reused in order; list rows sit in them as listitems
  function listContainer(index) {
    if (!lists[index]) {
      lists[index] = document.createElement('div');
      lists[index].setAttribute('role', 'list');
    }
    return lists[index];
  }

  function mirror(json) {
    nodes = JSON.parse(json);
    var seen = new Set();
    var top = [];
    var list = null;
    var items = [];
    var listCount = 0;
    var closeList = function () {
      if (list) arrange(list, items);
      list = null;
      items = [];
    };
    nodes.forEach(function (n) {
      seen.add(n.id);
      var el = mirrorElement(n);
      if (!n.row) {
        closeList();
        top.push(el);
        return;
      }
      if (!list) {
        list = listContainer(listCount++);
        top.push(list);
      }
      if (!el.listItem) {
        el.listItem = document.createElement('div');
        el.listItem.setAttribute('role', 'listitem');
      }
      arrange(el.listItem, [el]);
      items.push(el.listItem);
    });
    closeList();
    arrange(mirrorRoot, top);
    mirrorElements.forEach(function (el, id) {
      if (!seen.has(id)) { el.remove(); mirrorElements.delete(id); }
    });
    if (field) {
      var now = nodes.find(function (m) { return m.id === field.node.id && m.role === 'textbox'; });
      if (!now) { field.el.blur(); return; }
      field.node = now;
      place(field.el, now);
      // The program changed the value itself (cleared, cut to its limit): show its version.
      // A password arrives as asterisks only; the program can but clear it.
      if (now.mode === 'password') {
        if (!now.value && field.el.value) field.el.value = secrets[now.id] = '';
      } else if (!composing && (now.value || '') !== field.el.value) {
        field.el.value = now.value || '';
      }
    }
  }

  function start(module) {
    native = module.aduanNative;
    canvas = module.canvas;
    mirrorRoot = document.createElement('div');
    mirrorRoot.id = 'a11y';
    document.body.appendChild(mirrorRoot);
    inputEl = makeTextElement('input');
    areaEl = makeTextElement('textarea');
    photoInput = document.createElement('input');
    photoInput.type = 'file';
    photoInput.accept = 'image/*,application/pdf';
    photoInput.hidden = true;
    photoInput.addEventListener('change', onPhotoChosen);
    document.body.appendChild(photoInput);
    canvas.addEventListener('touchstart', onTouchStart, { passive: true });
    canvas.addEventListener('touchend', onTouchEnd);
    canvas.addEventListener('mousedown', onMouseDown);
    // A selection moved by arrows or a long press changes no value; ImGui's caret follows it.
    document.addEventListener('selectionchange', function () {
      if (field && document.activeElement === field.el) sendText();
    });
  }

  // ---- the portal's on-screen keyboard ----------------------------------------------------
  // Where the keyboard (kiosk program only: shell/ui/onscreen_keyboard.cpp) types: the field
  // last focused, focused again if a key's mirror element took the focus. Null: none.
  function keyboardField() {
    if (!field || field.node.id !== lastField) {
      var n = nodes.find(function (m) { return m.id === lastField && m.role === 'textbox'; });
      if (!n) return null;
      focusField(n);
    }
    return field.el;
  }

  // A shared device's next user finds nothing typed by the last one in the page.
  function forgetText() {
    if (field) field.el.blur();
    [inputEl, areaEl].forEach(function (el) { if (el) el.value = ''; });
    secrets = {};
    lastField = '';
  }

  window.aduanUi = { start: start, mirror: mirror, keyboardField: keyboardField,
    sendText: sendText, forgetText: forgetText,
    onScreenKeyboard: function (on) { onScreenKeyboard = on; if (!on) lastField = ''; },
    nodes: function () { return nodes; },
    limits: { longEdge: PHOTO_LONG_EDGE, quality: PHOTO_QUALITY, maxBytes: PHOTO_MAX_BYTES,
      documentMaxBytes: DOCUMENT_MAX_BYTES } };
})();
