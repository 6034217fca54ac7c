package conformance

import (
	"encoding/json"
	"testing"
)

func TestValueUnmarshal(t *testing.T) {
	var v struct {
		S    Value `json:"s"`
		L    Value `json:"l"`
		R    Value `json:"r"`
		H    Value `json:"h"`
		C    Value `json:"c"`
		N    Value `json:"n"`
		Num  Value `json:"num"`
		Miss Value `json:"miss"`
	}
	data := `{"s":"caf\u00e9\u0000","l":["a",["b"]],"r":{"t":"re","re":"\\d+","mods":"s"},
		"h":{"t":"hash","h":{"value":"x"}},"c":{"t":"code","id":3},"n":null,"num":12}`
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	if v.S.Kind != KindString || v.S.Str != "caf\xe9\x00" {
		t.Errorf("latin-1 escaped bytes: got %q", v.S.Str)
	}
	if !v.L.IsList() || len(v.L.List) != 2 || !v.L.List[1].IsList() || v.L.Index(0).Str != "a" {
		t.Errorf("list: %+v", v.L)
	}
	if v.R.Kind != KindRegex || v.R.Str != `\d+` || v.R.Mods != "s" {
		t.Errorf("regex: %+v", v.R)
	}
	if v.H.Kind != KindHash || v.H.Hash["value"].Str != "x" {
		t.Errorf("hash: %+v", v.H)
	}
	if v.C.Kind != KindCode || v.C.Code != 3 {
		t.Errorf("code: %+v", v.C)
	}
	if v.N.Defined() || v.Miss.Defined() {
		t.Errorf("null and missing values must be undefined")
	}
	if v.Num.Str != "12" {
		t.Errorf("number: %+v", v.Num)
	}
	if got := bytesToLatin1("\xe9x"); latin1ToBytes(got) != "\xe9x" {
		t.Errorf("latin-1 round trip lost bytes")
	}
}
