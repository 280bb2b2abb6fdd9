// web/receipt.js: the receipt's browser side (shell/ui/receipt_slip.h): the page's address, the
// claim fragment read once and removed, and the slip a receipt printer prints.
//
// Linked with --js-library like web/device.js. The slip is a print-only part of the page: on
// screen it is never shown; in print, it is all there is, on an `@page` as wide as the paper
// (58 or 80 mm), the QR as SVG squares so the printer gets sharp edges at any resolution. It is
// built with DOM calls from plain text (textContent), so nothing typed can become markup.
mergeInto(LibraryManager.library, {
  aduan_receipt_page_address: function (out, size) {
    return stringToUTF8(location.origin + location.pathname, out, size);
  },
  aduan_receipt_take_fragment: function (out, size) {
    // A claim address opened in a tab that already shows the portal changes only the fragment:
    // start again, so it is read like a fresh load.
    if (!window.aduanClaimWatch) {
      window.aduanClaimWatch = true;
      addEventListener('hashchange', function () {
        if (location.hash.indexOf('#klaim') === 0) location.reload();
      });
    }
    var fragment = location.hash;
    if (fragment.indexOf('#klaim') !== 0) return 0;
    // The secret must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', location.pathname + location.search);
    return stringToUTF8(fragment, out, size);
  },
  aduan_receipt_clear: function () {
    var old = document.getElementById('aduan-slip');
    if (old) old.remove();
  },
  aduan_receipt_print__deps: ['aduan_receipt_clear'],
  aduan_receipt_print: function (fieldsPtr, widthMm, qrSize, modulesPtr) {
    _aduan_receipt_clear();
    var f = UTF8ToString(fieldsPtr).split('\x1f');
    var modules = UTF8ToString(modulesPtr);
    var narrow = widthMm < 70;
    var slip = document.createElement('div');
    slip.id = 'aduan-slip';
    var style = document.createElement('style');
    // Tall enough for the slip; a receipt printer cuts after the content.
    style.textContent = '#aduan-slip{display:none}@media print{' +
      '@page{size:' + widthMm + 'mm ' + (narrow ? 120 : 140) + 'mm;margin:0}' +
      'html,body{height:auto!important;overflow:visible!important;background:#fff!important}' +
      'body>*:not(#aduan-slip){display:none!important}' +
      '#aduan-slip{display:block;width:' + (widthMm - 6) + 'mm;margin:0 3mm;padding-top:3mm;color:#000;' +
      'font:' + (narrow ? 9 : 11) + 'pt/1.3 sans-serif;text-align:center}' +
      '#aduan-slip .code{font:bold ' + (narrow ? 15 : 20) + 'pt monospace;margin:1mm 0 2mm}' +
      '#aduan-slip .secret{font:bold ' + (narrow ? 9 : 11) + 'pt monospace;margin:1mm 0 2mm}' +
      '#aduan-slip svg{display:block;margin:1mm auto;width:' + (narrow ? 40 : 52) + 'mm;height:auto}' +
      '#aduan-slip p{margin:1mm 0}}';
    slip.appendChild(style);
    var line = function (text, className) {
      var p = document.createElement('p');
      if (className) p.className = className;
      p.textContent = text;
      slip.appendChild(p);
    };
    line(f[0], 'title');
    line(f[1]);
    line(f[2], 'code');
    line(f[3]);
    line(f[4], 'secret');
    var ns = 'http://www.w3.org/2000/svg', quiet = 4, side = qrSize + 2 * quiet;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + side + ' ' + side);
    svg.setAttribute('shape-rendering', 'crispEdges');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', f[5]);
    var path = '';
    for (var y = 0; y < qrSize; y++)
      for (var x = 0; x < qrSize; x++)
        if (modules.charAt(y * qrSize + x) === '1') path += 'M' + (x + quiet) + ' ' + (y + quiet) + 'h1v1h-1z';
    var background = document.createElementNS(ns, 'rect');
    background.setAttribute('width', side);
    background.setAttribute('height', side);
    background.setAttribute('fill', '#fff');
    svg.appendChild(background);
    var dark = document.createElementNS(ns, 'path');
    dark.setAttribute('d', path);
    dark.setAttribute('fill', '#000');
    svg.appendChild(dark);
    slip.appendChild(svg);
    line(f[5]);
    line(f[6]);
    document.body.appendChild(slip);
    // Headless and kiosk browsers return at once; a desktop browser shows its print dialog.
    if (typeof window.print === 'function') window.print();
  },
});
