// CloudFront Function (cloudfront-js-2.0), viewer request, on the pages behaviour only:
// a URL without a file extension is a page of a single-page app and is served its
// index.html, as the local stack does (devstack/static.py):
//   /                         -> /index.html
//   /downtown-lima/T12/menu   -> /index.html         (the diner app)
//   /staff/tables             -> /staff/index.html   (the staff app)
//   /kitchen                  -> /kitchen/index.html (the kitchen display)
//   /js/lib/api.js            -> unchanged (a file)
// Paths with "." or ".." segments are refused; /api/* and /ws never reach this function.
var SEPARATE_APPS = { staff: true, kitchen: true };

function handler(event) {
  var request = event.request;
  var segments = request.uri.split("/").filter(function (s) { return s.length > 0; });
  for (var i = 0; i < segments.length; i++) {
    if (segments[i] === "." || segments[i] === ".." || segments[i].indexOf("\\") !== -1) {
      return { statusCode: 400, statusDescription: "Bad Request" };
    }
  }
  var last = segments.length ? segments[segments.length - 1] : "";
  var isFile = last.indexOf(".") > 0 && request.uri.charAt(request.uri.length - 1) !== "/";
  if (isFile) {
    return request;
  }
  request.uri = segments.length && SEPARATE_APPS[segments[0]] ? "/" + segments[0] + "/index.html" : "/index.html";
  return request;
}
