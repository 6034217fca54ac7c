package runtime

import (
	"strings"
	"testing"
)

func TestSetMiscDirectives(t *testing.T) {
	base, prefix := startLocations(t, "", `
location = /t {
    set_unescape_uri $key $arg_key;
    set $v $arg_v;
    set_quote_sql_str $v;
    set_if_empty $e $arg_missing;
    set_if_empty $e dflt;
    set_encode_base32 $b32 $key;
    set_hmac_sha1 $sig secret $key;
    set_encode_hex $sig $sig;
    content_by_lua_block { ngx.say(ngx.var.key, "|", ngx.var.v, "|", ngx.var.e, "|", ngx.var.b32, "|", ngx.var.sig) }
}
location = /bad {
    set_decode_hex $x $arg_x;
    content_by_lua_block { ngx.say(ngx.var.x) }
}`)
	got := getPath(t, base, "/t?key=a%20b&v=it's")
	// (base32hex and HMAC-SHA1 of "a b" as Python's base64 and hmac give them)
	want := "a b|'it\\'s'|dflt|c4g64===|25ebd38569049759a8099f65976ece309b7e39ab\n"
	if got.status != 200 || got.body != want {
		t.Errorf("got %d %q, want %q\n%s", got.status, got.body, want, errorLog(prefix))
	}
	if bad := getPath(t, base, "/bad?x=zz"); bad.status != 500 || !strings.Contains(errorLog(prefix), "set_decode_hex: invalid value") {
		t.Errorf("bad hex: %d\n%s", bad.status, errorLog(prefix))
	}
}
