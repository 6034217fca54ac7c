package runtime

import "testing"

// ngx.exit in each phase with each kind of status, before and after the
// header went out: the reference's statuses and bodies (0: the connection
// closed without a response).
const exitLocations = `location = /rewrite_0_plain { rewrite_by_lua_block { ngx.exit(0) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_0_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(0) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_200_plain { rewrite_by_lua_block { ngx.exit(200) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_200_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(200) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_201_plain { rewrite_by_lua_block { ngx.exit(201) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_201_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(201) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_204_plain { rewrite_by_lua_block { ngx.exit(204) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_204_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(204) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_404_plain { rewrite_by_lua_block { ngx.exit(404) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_404_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(404) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_444_plain { rewrite_by_lua_block { ngx.exit(444) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_444_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(444) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_ERROR_plain { rewrite_by_lua_block { ngx.exit(ngx.ERROR) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_ERROR_say { rewrite_by_lua_block { ngx.say("said") ngx.exit(ngx.ERROR) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_HTTP_MOVED_TEMPORARILY_plain { rewrite_by_lua_block { ngx.header.location = "/x" ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } content_by_lua_block { ngx.say("content ran") } }
location = /rewrite_HTTP_MOVED_TEMPORARILY_say { rewrite_by_lua_block { ngx.header.location = "/x" ngx.say("said") ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } content_by_lua_block { ngx.say("content ran") } }
location = /access_0_plain { access_by_lua_block { ngx.exit(0) } content_by_lua_block { ngx.say("content ran") } }
location = /access_0_say { access_by_lua_block { ngx.say("said") ngx.exit(0) } content_by_lua_block { ngx.say("content ran") } }
location = /access_200_plain { access_by_lua_block { ngx.exit(200) } content_by_lua_block { ngx.say("content ran") } }
location = /access_200_say { access_by_lua_block { ngx.say("said") ngx.exit(200) } content_by_lua_block { ngx.say("content ran") } }
location = /access_201_plain { access_by_lua_block { ngx.exit(201) } content_by_lua_block { ngx.say("content ran") } }
location = /access_201_say { access_by_lua_block { ngx.say("said") ngx.exit(201) } content_by_lua_block { ngx.say("content ran") } }
location = /access_204_plain { access_by_lua_block { ngx.exit(204) } content_by_lua_block { ngx.say("content ran") } }
location = /access_204_say { access_by_lua_block { ngx.say("said") ngx.exit(204) } content_by_lua_block { ngx.say("content ran") } }
location = /access_404_plain { access_by_lua_block { ngx.exit(404) } content_by_lua_block { ngx.say("content ran") } }
location = /access_404_say { access_by_lua_block { ngx.say("said") ngx.exit(404) } content_by_lua_block { ngx.say("content ran") } }
location = /access_444_plain { access_by_lua_block { ngx.exit(444) } content_by_lua_block { ngx.say("content ran") } }
location = /access_444_say { access_by_lua_block { ngx.say("said") ngx.exit(444) } content_by_lua_block { ngx.say("content ran") } }
location = /access_ERROR_plain { access_by_lua_block { ngx.exit(ngx.ERROR) } content_by_lua_block { ngx.say("content ran") } }
location = /access_ERROR_say { access_by_lua_block { ngx.say("said") ngx.exit(ngx.ERROR) } content_by_lua_block { ngx.say("content ran") } }
location = /access_HTTP_MOVED_TEMPORARILY_plain { access_by_lua_block { ngx.header.location = "/x" ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } content_by_lua_block { ngx.say("content ran") } }
location = /access_HTTP_MOVED_TEMPORARILY_say { access_by_lua_block { ngx.header.location = "/x" ngx.say("said") ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } content_by_lua_block { ngx.say("content ran") } }
location = /content_0_plain { content_by_lua_block { ngx.exit(0) } }
location = /content_0_say { content_by_lua_block { ngx.say("said") ngx.exit(0) } }
location = /content_200_plain { content_by_lua_block { ngx.exit(200) } }
location = /content_200_say { content_by_lua_block { ngx.say("said") ngx.exit(200) } }
location = /content_201_plain { content_by_lua_block { ngx.exit(201) } }
location = /content_201_say { content_by_lua_block { ngx.say("said") ngx.exit(201) } }
location = /content_204_plain { content_by_lua_block { ngx.exit(204) } }
location = /content_204_say { content_by_lua_block { ngx.say("said") ngx.exit(204) } }
location = /content_404_plain { content_by_lua_block { ngx.exit(404) } }
location = /content_404_say { content_by_lua_block { ngx.say("said") ngx.exit(404) } }
location = /content_444_plain { content_by_lua_block { ngx.exit(444) } }
location = /content_444_say { content_by_lua_block { ngx.say("said") ngx.exit(444) } }
location = /content_ERROR_plain { content_by_lua_block { ngx.exit(ngx.ERROR) } }
location = /content_ERROR_say { content_by_lua_block { ngx.say("said") ngx.exit(ngx.ERROR) } }
location = /content_HTTP_MOVED_TEMPORARILY_plain { content_by_lua_block { ngx.header.location = "/x" ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } }
location = /content_HTTP_MOVED_TEMPORARILY_say { content_by_lua_block { ngx.header.location = "/x" ngx.say("said") ngx.exit(ngx.HTTP_MOVED_TEMPORARILY) } }
`

func TestExitCodes(t *testing.T) {
	base, prefix := startLocations(t, "", exitLocations)
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/rewrite_0_plain", 200, "content ran\n"},
		{"/rewrite_0_say", 200, "said\n"},
		{"/rewrite_200_plain", 200, ""},
		{"/rewrite_200_say", 200, "said\n"},
		{"/rewrite_201_plain", 201, ""},
		{"/rewrite_201_say", 200, "said\n"},
		{"/rewrite_204_plain", 204, ""},
		{"/rewrite_204_say", 0, ""},
		{"/rewrite_404_plain", 404, "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/rewrite_404_say", 200, "said\n"},
		{"/rewrite_444_plain", 0, ""},
		{"/rewrite_444_say", 0, ""},
		{"/rewrite_ERROR_plain", 0, ""},
		{"/rewrite_ERROR_say", 0, ""},
		{"/rewrite_HTTP_MOVED_TEMPORARILY_plain", 302, "<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n<center><h1>302 Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/rewrite_HTTP_MOVED_TEMPORARILY_say", 200, "said\n"},
		{"/access_0_plain", 200, "content ran\n"},
		{"/access_0_say", 200, "said\n"},
		{"/access_200_plain", 200, ""},
		{"/access_200_say", 200, "said\n"},
		{"/access_201_plain", 201, ""},
		{"/access_201_say", 200, "said\n"},
		{"/access_204_plain", 204, ""},
		{"/access_204_say", 0, ""},
		{"/access_404_plain", 404, "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/access_404_say", 200, "said\n"},
		{"/access_444_plain", 0, ""},
		{"/access_444_say", 0, ""},
		{"/access_ERROR_plain", 0, ""},
		{"/access_ERROR_say", 0, ""},
		{"/access_HTTP_MOVED_TEMPORARILY_plain", 302, "<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n<center><h1>302 Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/access_HTTP_MOVED_TEMPORARILY_say", 200, "said\n"},
		{"/content_0_plain", 200, ""},
		{"/content_0_say", 200, "said\n"},
		{"/content_200_plain", 200, ""},
		{"/content_200_say", 200, "said\n"},
		{"/content_201_plain", 201, ""},
		{"/content_201_say", 200, "said\n"},
		{"/content_204_plain", 204, ""},
		{"/content_204_say", 0, ""},
		{"/content_404_plain", 404, "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/content_404_say", 200, "said\n"},
		{"/content_444_plain", 0, ""},
		{"/content_444_say", 0, ""},
		{"/content_ERROR_plain", 0, ""},
		{"/content_ERROR_say", 0, ""},
		{"/content_HTTP_MOVED_TEMPORARILY_plain", 302, "<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n<center><h1>302 Found</h1></center>\r\n<hr><center>gresty/0.1</center>\r\n</body>\r\n</html>\r\n"},
		{"/content_HTTP_MOVED_TEMPORARILY_say", 200, "said\n"},
	} {
		status, body := tryGet(base, c.path)
		if status != c.status || body != c.body {
			t.Errorf("%s: got %d %q, want %d %q", c.path, status, body, c.status, c.body)
		}
	}
	if t.Failed() {
		t.Log(errorLog(prefix))
	}
}
